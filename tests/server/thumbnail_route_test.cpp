// A listed paper's first page at /papers/{id}/thumbnail.png?v=N, cached for a year under its
// versioned URL; on cards, the paper page and in the hub's JSON (issue 19, item 4).
#include <gtest/gtest.h>

#include "server/server_fixture.h"

namespace paperboy::testing {
namespace {

class ThumbnailRouteTest : public ServerFixture {
 protected:
  // Every byte value, so an image that went through text somewhere would show it.
  static std::string image() {
    std::string png = "\x89PNG\r\n\x1a\n";
    for (int i = 0; i < 256; ++i) png += static_cast<char>(i);
    return png;
  }
  static void store_thumbnail(const std::string& id, int version) {
    auto store = std::move(test_store_->open()).value();
    const int64_t doc_id = (**store->get(id)).doc_id;
    ASSERT_TRUE(store->thumbnails().put_thumbnail(doc_id, version, image(), 100).ok());
  }
  static bool contains(const std::string& page, const std::string& text) {
    return page.find(text) != std::string::npos;
  }
};

TEST_F(ThumbnailRouteTest, APaperWithoutOneHasNoImageAnywhere) {
  json missing = get_json("/papers/math/0309136/thumbnail.png", 404);
  EXPECT_EQ(missing["error"], "no thumbnail yet");
  expect_error("/papers/2401.99999/thumbnail.png", 404);
  expect_error("/papers/not-an-id/thumbnail.png", 404);
  EXPECT_TRUE(get_json("/api/papers/math/0309136", 200)["thumbnail"].is_null());
  auto page = get("/papers/date/2025-10-21");
  ASSERT_TRUE(page);
  EXPECT_FALSE(contains(page->body, "class=\"thumb\"")) << "no empty frames on cards";
}

TEST_F(ThumbnailRouteTest, TheVersionedUrlIsCachedForAYearAndTheImageIsOnCardsAndInTheApi) {
  const std::string id = listed_paper();
  store_thumbnail(id, 1);
  const std::string path = "/papers/" + id + "/thumbnail.png?v=1";

  auto res = get(path);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->get_header_value("Content-Type"), "image/png");
  EXPECT_EQ(res->body, image());
  EXPECT_EQ(res->get_header_value("Cache-Control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(res->get_header_value("ETag"), "\"v1\"");
  auto unversioned = get("/papers/" + id + "/thumbnail.png");
  ASSERT_TRUE(unversioned);
  EXPECT_EQ(unversioned->status, 200);
  EXPECT_EQ(unversioned->get_header_value("Cache-Control"), "public, max-age=3600");
  httplib::Client client("127.0.0.1", server_->port());
  auto again = client.Get(path, {{"If-None-Match", "\"v1\""}});
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 304);
  EXPECT_TRUE(again->body.empty());

  EXPECT_EQ(get_json("/api/papers/" + id, 200)["thumbnail"], path);
  json day = get_json("/api/daily_papers?date=2025-10-21", 200);
  bool seen = false;
  for (const auto& item : day) {
    if (item["paper"]["id"] == id) {
      seen = true;
      EXPECT_EQ(item["thumbnail"], path);
    }
  }
  EXPECT_TRUE(seen);
  auto listing = get("/papers/date/2025-10-21");
  ASSERT_TRUE(listing);
  EXPECT_TRUE(contains(listing->body, "<img src=\"" + path + "\" alt=\"\" loading=\"lazy\""))
      << "the card shows it";
  auto paper = get("/papers/" + id);
  ASSERT_TRUE(paper);
  EXPECT_TRUE(contains(paper->body, "class=\"first-page\" src=\"" + path + "\""));

  // A newer version's image is a new URL; the old one still answers, with the hour's cache.
  store_thumbnail(id, 2);
  EXPECT_EQ(get_json("/api/papers/" + id, 200)["thumbnail"],
            "/papers/" + id + "/thumbnail.png?v=2");
  auto old = get(path);
  ASSERT_TRUE(old);
  EXPECT_EQ(old->get_header_value("Cache-Control"), "public, max-age=3600");
  EXPECT_EQ(old->get_header_value("ETag"), "\"v2\"");
}

}  // namespace
}  // namespace paperboy::testing
