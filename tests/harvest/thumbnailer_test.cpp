// Thumbnails (issue 19, item 4): first pages drawn by pdftoppm in a child process, from PDFs a
// loopback stand-in for arXiv serves, made here with ReportLab. Hostile files (not a PDF,
// truncated, a page a million points wide) and a renderer that hangs or crashes give a log line
// and a stored failure, never a crash; failures are retried later and remembered by the store.
#include "harvest/thumbnailer.h"

#include <gtest/gtest.h>

#include <fstream>
#include <map>

#include "net/http_client.h"
#include "replay_server.h"
#include "store/store.h"
#include "test_pdfs.h"
#include "test_support.h"

namespace paperboy {
namespace {

// What the stand-in serves for each paper: one of make_pdf's kinds, or "404".
class ThumbnailerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = std::move(open_sqlite_store((dir_.path() / "store.sqlite").string())).value();
    std::vector<Paper> papers;
    for (int i = 1; i <= 4; ++i) {
      Paper p = testing::make_paper("2601.0000" + std::to_string(i),
                                    "Paper number " + std::to_string(i), 1);
      p.hub_day = Date{2026, 1, 10 + i};
      papers.push_back(p);
    }
    ASSERT_TRUE(store_->upsert(papers).ok());
  }
  ThumbnailerOptions options(const std::string& url) {
    ThumbnailerOptions o;
    o.pdf_url = url;
    o.policy.delay = std::chrono::milliseconds(0);
    o.policy.max_attempts = 2;
    o.policy.backoff = std::chrono::seconds(0);
    o.log = [this](const std::string& line) { log_.push_back(line); };
    o.clock = [this] { return clock_; };
    return o;
  }
  int thumbnail_version(const std::string& id) {
    return (**store_->get(id)).paper.thumbnail_version;
  }
  bool logged(const std::string& text) const {
    for (const auto& line : log_) {
      if (line.find(text) != std::string::npos) return true;
    }
    return false;
  }
  std::string log_text() const {
    std::string all;
    for (const auto& line : log_) all += line + "\n";
    return all;
  }

  testing::TempDir dir_;
  std::unique_ptr<Store> store_;
  std::vector<std::string> log_;
  int64_t clock_ = 1'800'000'000;
};

testing::ReplayServer arxiv_stand_in(const std::map<std::string, std::string>& bodies) {
  return testing::ReplayServer([bodies](const httplib::Request& req, httplib::Response& res) {
    auto found = bodies.find(req.path);
    if (found == bodies.end()) {
      res.status = 404;
      res.set_content("No such paper", "text/plain");
      return;
    }
    res.set_content(found->second, "application/pdf");
  });
}

TEST(FirstPageRenderer, DrawsPageOneSmallInPortrait) {
  const std::string pdf = testing::make_pdf("paper", "Attention Is All You Need");
  ASSERT_FALSE(pdf.empty()) << "tests/support/make_paper_pdf.py failed (python3-reportlab?)";
  auto png = render_first_page(pdf, {});
  ASSERT_TRUE(png.ok()) << png.error().message;
  auto [width, height] = png_size(*png);
  EXPECT_EQ(height, 400);
  EXPECT_GT(width, 290);
  EXPECT_LT(width, 320);  // a US letter page: 8.5 x 11
  EXPECT_LT(png->size(), 100'000u);
}

TEST(FirstPageRenderer, HostileFilesGiveAClearErrorOrABoundedImage) {
  auto not_pdf = render_first_page(testing::make_pdf("not-pdf"), {});
  ASSERT_FALSE(not_pdf.ok());
  EXPECT_EQ(not_pdf.error().message.rfind("not a PDF (", 0), 0u) << not_pdf.error().message;
  EXPECT_NE(not_pdf.error().message.find("<!DOCTYPE html>"), std::string::npos);

  auto truncated = render_first_page(testing::make_pdf("truncated"), {});
  ASSERT_FALSE(truncated.ok());
  EXPECT_NE(truncated.error().message.find("could not draw page 1"), std::string::npos)
      << truncated.error().message;

  // A page a million points on a side is drawn at the same small size, not a million pixels.
  auto huge = render_first_page(testing::make_pdf("huge"), {});
  ASSERT_TRUE(huge.ok()) << huge.error().message;
  EXPECT_EQ(png_size(*huge), std::make_pair(400, 400));

  EXPECT_FALSE(render_first_page("", {}).ok());
}

// The renderer's limits hold even when the renderer itself misbehaves: stand-ins that hang
// and that crash.
TEST(FirstPageRenderer, ARendererThatHangsOrCrashesIsStoppedAndNamed) {
  testing::TempDir dir;
  auto script = [&](const std::string& name, const std::string& body) {
    auto path = dir / name;
    std::ofstream(path) << "#!/bin/sh\n" << body << "\n";
    std::filesystem::permissions(path, std::filesystem::perms::owner_all);
    return path.string();
  };
  const std::string pdf = testing::make_pdf("paper");
  RenderLimits hangs;
  hangs.pdftoppm = script("hangs", "exec sleep 30");
  hangs.time_limit = std::chrono::seconds(1);
  auto start = std::chrono::steady_clock::now();
  auto stopped = render_first_page(pdf, hangs);
  ASSERT_FALSE(stopped.ok());
  EXPECT_EQ(stopped.error().message, "the renderer took longer than 1 s");
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));

  RenderLimits crashes;
  crashes.pdftoppm = script("crashes", "kill -SEGV $$");
  auto crashed = render_first_page(pdf, crashes);
  ASSERT_FALSE(crashed.ok());
  EXPECT_NE(crashed.error().message.find("died of signal 11"), std::string::npos)
      << crashed.error().message;

  RenderLimits missing;
  missing.pdftoppm = (dir / "no-such-renderer").string();
  auto absent = render_first_page(pdf, missing);
  ASSERT_FALSE(absent.ok());
  EXPECT_NE(absent.error().message.find("poppler-utils"), std::string::npos);
  EXPECT_FALSE(check_renderer(missing).ok());
  EXPECT_TRUE(check_renderer({}).ok()) << "pdftoppm (poppler-utils) is not installed";
}

TEST_F(ThumbnailerTest, ListedPapersGetTheirFirstPageAndHostileOnesAFailureEach) {
  auto arxiv = arxiv_stand_in({{"/pdf/2601.00001v1", testing::make_pdf("paper", "One", 0.1)},
                               {"/pdf/2601.00002v1", testing::make_pdf("not-pdf")},
                               {"/pdf/2601.00003v1", testing::make_pdf("truncated")},
                               {"/pdf/2601.00004v1", testing::make_pdf("huge")}});
  auto http = make_curl_client({});
  Thumbnailer thumbnailer(options(arxiv.url("/pdf/")), *http);
  for (int i = 0; i < 4; ++i) ASSERT_TRUE(*thumbnailer.thumbnail_next(*store_)) << log_text();
  EXPECT_FALSE(*thumbnailer.thumbnail_next(*store_)) << "the failed ones wait a minute";
  EXPECT_EQ(arxiv.seen().size(), 4u);

  EXPECT_EQ(thumbnail_version("2601.00001"), 1);
  EXPECT_EQ(thumbnail_version("2601.00004"), 1);  // huge, drawn small
  EXPECT_EQ(thumbnail_version("2601.00002"), 0);
  EXPECT_EQ(thumbnail_version("2601.00003"), 0);
  auto image = store_->thumbnails().thumbnail((**store_->get("2601.00001")).doc_id);
  ASSERT_TRUE(image.ok() && image->has_value());
  EXPECT_EQ(png_size((**image).png).second, 400);
  EXPECT_TRUE(logged("thumbnails: 2601.00002v1: not a PDF (")) << log_text();
  EXPECT_TRUE(logged("thumbnails: 2601.00003v1: the renderer could not draw page 1")) << log_text();
  EXPECT_TRUE(logged("(try 1 of 3)"));

  // A minute on, the two are tried again; after the third try they wait a week, and a new
  // thumbnailer (a restarted server) remembers that from the store.
  clock_ += 61;
  EXPECT_TRUE(*thumbnailer.thumbnail_next(*store_));
  EXPECT_TRUE(*thumbnailer.thumbnail_next(*store_));
  EXPECT_FALSE(*thumbnailer.thumbnail_next(*store_));
  clock_ += 121;
  EXPECT_TRUE(*thumbnailer.thumbnail_next(*store_));
  EXPECT_TRUE(*thumbnailer.thumbnail_next(*store_));
  EXPECT_TRUE(logged("(try 3 of 3; not tried again for a week)")) << log_text();
  Thumbnailer restarted(options(arxiv.url("/pdf/")), *http);
  clock_ += 3 * 86'400;
  EXPECT_FALSE(*restarted.thumbnail_next(*store_));
  EXPECT_EQ(arxiv.seen().size(), 8u);
  clock_ += 5 * 86'400;
  EXPECT_TRUE(*restarted.thumbnail_next(*store_));
  EXPECT_EQ(arxiv.seen().size(), 9u);
  for (const auto& seen : arxiv.seen()) EXPECT_EQ(seen.method, "GET");
}

TEST_F(ThumbnailerTest, ANewVersionIsDrawnAgainAndAnUnknownOneAsTheLatest) {
  Paper unversioned = testing::make_paper("2601.00009", "Version unknown", 0);
  unversioned.version = 0;
  unversioned.hub_day = Date{2026, 1, 20};
  ASSERT_TRUE(store_->upsert(std::vector<Paper>{unversioned}).ok());
  std::map<std::string, std::string> pdfs;
  for (const char* path : {"/pdf/2601.00001v1", "/pdf/2601.00002v1", "/pdf/2601.00003v1",
                           "/pdf/2601.00004v1", "/pdf/2601.00001v2", "/pdf/2601.00009"}) {
    pdfs[path] = testing::make_pdf("paper", path);
  }
  auto arxiv = arxiv_stand_in(pdfs);
  auto http = make_curl_client({});
  Thumbnailer thumbnailer(options(arxiv.url("/pdf/")), *http);
  while (*thumbnailer.thumbnail_next(*store_)) {
  }
  EXPECT_EQ(arxiv.seen().size(), 5u) << log_text();
  EXPECT_EQ(arxiv.seen().front().path, "/pdf/2601.00009") << "newest day first";
  EXPECT_EQ(thumbnail_version("2601.00009"), 1);

  Paper v2 = testing::make_paper("2601.00001", "Paper number 1", 2);
  v2.hub_day = Date{2026, 1, 11};
  ASSERT_TRUE(store_->upsert(std::vector<Paper>{v2}).ok());
  ASSERT_TRUE(*thumbnailer.thumbnail_next(*store_));
  EXPECT_FALSE(*thumbnailer.thumbnail_next(*store_));
  EXPECT_EQ(arxiv.seen().back().path, "/pdf/2601.00001v2");
  EXPECT_EQ(thumbnail_version("2601.00001"), 2);
}

TEST_F(ThumbnailerTest, ASourceThatDoesNotAnswerPausesTheRound) {
  auto arxiv = testing::ReplayServer([](const httplib::Request&, httplib::Response& res) {
    res.status = 503;
    res.set_content("Down for maintenance", "text/plain");
  });
  auto http = make_curl_client({});
  Thumbnailer thumbnailer(options(arxiv.url("/pdf/")), *http);
  EXPECT_FALSE(*thumbnailer.thumbnail_next(*store_));
  EXPECT_EQ(arxiv.seen().size(), 2u);  // the policy's attempts, then the round rests
  EXPECT_TRUE(logged("HTTP 503")) << log_text();
  EXPECT_TRUE(logged("thumbnails: pausing 600 s")) << log_text();
  EXPECT_FALSE(*thumbnailer.thumbnail_next(*store_));
  EXPECT_EQ(arxiv.seen().size(), 2u);
  clock_ += 601;
  EXPECT_FALSE(*thumbnailer.thumbnail_next(*store_));
  EXPECT_EQ(arxiv.seen().size(), 4u) << "asked again after the pause";
}

TEST_F(ThumbnailerTest, AFetchCutShortByTheShutdownIsNotCountedAgainstThePaper) {
  auto arxiv = testing::ReplayServer([](const httplib::Request&, httplib::Response& res) {
    res.status = 503;
    res.set_header("Retry-After", "30");
  });
  auto http = make_curl_client({});
  Thumbnailer thumbnailer(options(arxiv.url("/pdf/")), *http);
  thumbnailer.stop();  // the server is stopping: the wait for Retry-After ends at once
  const auto start = std::chrono::steady_clock::now();
  EXPECT_FALSE(*thumbnailer.thumbnail_next(*store_));
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
  EXPECT_EQ(arxiv.seen().size(), 1u);
  std::vector<int64_t> doc_ids;
  for (int i = 1; i <= 4; ++i)
    doc_ids.push_back((**store_->get("2601.0000" + std::to_string(i))).doc_id);
  EXPECT_TRUE(store_->thumbnails().thumbnail_attempts(doc_ids)->empty()) << log_text();
}

}  // namespace
}  // namespace paperboy
