// Atom feeds and citation exports, parsed by the tools readers and reference managers use
// (Debian's python3-feedparser and python3-bibtexparser).
#include <cstdlib>

#include "server_fixture.h"

namespace paperboy {
namespace {

class FeedsTest : public testing::ServerFixture {
 protected:
  // Fetches `path`, checks status and type, saves the body and runs the checker on it.
  static void check(const std::string& path, const std::string& type, const std::string& kind,
                    const std::string& expectations) {
    auto res = get(path);
    ASSERT_TRUE(res) << path;
    ASSERT_EQ(res->status, 200) << path << ": " << res->body;
    EXPECT_EQ(res->get_header_value("Content-Type").rfind(type, 0), 0u)
        << res->get_header_value("Content-Type");
    auto file = *dir_ / ("export-" + std::to_string(counter_++));
    testing::write_file(file, res->body);
    std::string command = "/usr/bin/python3 " PAPERBOY_SOURCE_DIR
                          "/tests/server/check_exports.py " +
                          kind + " '" + file.string() + "' " + expectations;
    EXPECT_EQ(std::system(command.c_str()), 0) << command;
  }
  inline static int counter_ = 0;
};

TEST_F(FeedsTest, DailyFeedParsesAsAtomWithEveryPaperOfTheDay) {
  check("/feeds/daily.atom?date=2025-10-21", "application/atom+xml", "atom",
        std::to_string(items_in_file("2025-10-21")));
  check("/feeds/daily.atom?month=2025-10", "application/atom+xml", "atom",
        std::to_string(items_in_file("2025-10-21") + items_in_file("2025-10-09")));
}

TEST_F(FeedsTest, SearchFeedKeepsRankOrder) {
  check("/feeds/search.atom?q=image%20editing&limit=5", "application/atom+xml", "atom",
        "5 'PICABench: How Far Are We from Physically Realistic Image Editing?'");
}

TEST_F(FeedsTest, AuthorFeedListsTheirPapers) {
  // Yuandong Pu is an author on 2510.17681 (2025-10-21) and 2510.06308 (2025-10-09).
  check("/feeds/authors/Yuandong%20Pu.atom", "application/atom+xml", "atom", "2");
  expect_error("/feeds/authors/Nobody%20At%20All.atom", 404);
}

TEST_F(FeedsTest, HostileTextStaysWellFormed) {
  // The title and abstract carry <script> and &: the feed must still parse.
  check("/feeds/search.atom?q=sheaves", "application/atom+xml", "atom", "1");
  check("/export/search.bib?q=sheaves", "application/x-bibtex", "bib", "1");
}

TEST_F(FeedsTest, PaperExportsParseAsBibtexAndRis) {
  check("/export/papers/2510.17681.bib", "application/x-bibtex", "bib", "1 pu2025picabench");
  check("/export/papers/2510.17681.ris", "application/x-research-info-systems", "ris", "1");
  check("/export/papers/math/0309136.bib", "application/x-bibtex", "bib", "1");
}

TEST_F(FeedsTest, SearchExportsHoldEveryResult) {
  check("/export/search.bib?q=video%20diffusion&limit=10", "application/x-bibtex", "bib", "10");
  check("/export/search.ris?q=video%20diffusion&limit=10", "application/x-research-info-systems",
        "ris", "10");
}

TEST_F(FeedsTest, BadRequestsAreJsonErrors) {
  expect_error("/feeds/daily.atom?date=2025-13-40", 400);
  expect_error("/feeds/search.atom", 400);
  expect_error("/export/papers/not-an-id.bib", 400);
  expect_error("/export/papers/2510.99999.ris", 404);
  expect_error("/export/search.bib?q=x%20from:2024-99", 400);
}

}  // namespace
}  // namespace paperboy
