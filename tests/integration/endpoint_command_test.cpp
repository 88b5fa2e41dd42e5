// `paperboy model use-endpoint` end to end (issue 33, item 4): the command checks the endpoint
// before it changes anything, re-embeds through it, `model status` shows it, and semantic
// search then asks it for query vectors. Against a stand-in on 127.0.0.1.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include "ingest/paper_json.h"
#include "process.h"
#include "support/embeddings_stand_in.h"

namespace paperboy {
namespace {

namespace fs = std::filesystem;

std::string papers_file(const fs::path& path, int count) {
  const char* topics[] = {"graph neural networks", "protein folding", "galaxy clusters",
                          "quantum error correction"};
  std::string lines;
  for (int i = 1; i <= count; ++i) {
    Paper paper = testing::make_paper(fmt::format("2412.{:05}", i),
                                      fmt::format("On {} number {}", topics[i % 4], i));
    paper.abstract = fmt::format("We study {} at scale {}.", topics[i % 4], i);
    lines += paper_to_json(paper).dump() + "\n";
  }
  testing::write_file(path, lines);
  return path.string();
}

TEST(EndpointCommand, UsesACheckedEndpointReembedsAndSearchesThroughIt) {
  testing::TempDir dir;
  const std::string data = (dir / "data").string();
  ASSERT_EQ(testing::run_paperboy(
                {"--data", data, "ingest", "-q", papers_file(dir / "p.jsonl", 80)}, dir.path())
                .exit_code,
            0);

  // An endpoint that does not know the model: refused, and the model in use is unchanged.
  testing::EmbeddingsStandIn wrong(16, [](int, const nlohmann::json&, httplib::Response& res) {
    res.status = 404;
    res.set_content(R"({"error":{"message":"model \"nomic\" not found, try pulling it first"}})",
                    "application/json");
    return true;
  });
  auto refused = testing::run_paperboy(
      {"--data", data, "model", "use-endpoint", wrong.base_url(), "--model", "nomic"}, dir.path());
  EXPECT_NE(refused.exit_code, 0);
  EXPECT_NE(refused.err.find(wrong.base_url() + "/embeddings"), std::string::npos) << refused.err;
  EXPECT_NE(refused.err.find("HTTP 404: \"model \"nomic\" not found"), std::string::npos)
      << refused.err;
  auto before = testing::run_paperboy({"--data", data, "model", "status"}, dir.path());
  EXPECT_EQ(before.out.find("endpoint"), std::string::npos) << before.out;

  testing::EmbeddingsStandIn server(24);
  auto used = testing::run_paperboy({"--data", data, "model", "use-endpoint", server.base_url(),
                                     "--model", "stand-in", "--batch", "10", "--concurrency", "2"},
                                    dir.path());
  ASSERT_EQ(used.exit_code, 0) << used.err;
  EXPECT_NE(used.out.find("id: endpoint:stand-in:24"), std::string::npos) << used.out;
  EXPECT_EQ(server.texts_embedded(), 1 + 80)
      << "one text to check the endpoint, then every paper once";

  auto status = testing::run_paperboy({"--data", data, "model", "status"}, dir.path());
  ASSERT_EQ(status.exit_code, 0) << status.err;
  EXPECT_NE(status.out.find("endpoint: " + server.base_url() +
                            "/embeddings model stand-in, 24 dimensions"),
            std::string::npos)
      << status.out;
  EXPECT_NE(status.out.find("10 texts a request, 2 requests at once"), std::string::npos)
      << status.out;
  EXPECT_NE(status.out.find("key: none ($PAPERBOY_EMBEDDINGS_KEY is not set)"), std::string::npos)
      << status.out;
  EXPECT_NE(status.out.find("vectors: 80 papers, 24 dimensions"), std::string::npos) << status.out;
  EXPECT_EQ(status.out.find("stale"), std::string::npos) << status.out;

  auto search = testing::run_paperboy(
      {"--data", data, "search", "--mode", "semantic", "protein folding"}, dir.path());
  ASSERT_EQ(search.exit_code, 0) << search.err;
  EXPECT_NE(search.out.find("protein folding"), std::string::npos) << search.out.substr(0, 400);
  EXPECT_EQ(nlohmann::json::parse(server.seen().back().body)["input"][0], "protein folding");

  // An IVF index says how it was calibrated: probes, the recall reached, the time and budget.
  auto ivf = testing::run_paperboy(
      {"--data", data, "index", "--rebuild", "--vector-index", "ivf", "--vector-budget-ms", "5"},
      dir.path());
  ASSERT_EQ(ivf.exit_code, 0) << ivf.err;
  EXPECT_NE(ivf.err.find("lists probed per query, recall@10 "), std::string::npos) << ivf.err;
  auto calibrated = testing::run_paperboy({"--data", data, "model", "status"}, dir.path());
  ASSERT_EQ(calibrated.exit_code, 0) << calibrated.err;
  EXPECT_NE(calibrated.out.find("vectors: 80 papers, 24 dimensions, ivf index"), std::string::npos)
      << calibrated.out;
  EXPECT_NE(calibrated.out.find("against exact search when built"), std::string::npos)
      << calibrated.out;
  EXPECT_NE(calibrated.out.find("(budget 5 ms)"), std::string::npos) << calibrated.out;
  auto bad_budget =
      testing::run_paperboy({"--data", data, "index", "--vector-budget-ms", "0"}, dir.path());
  EXPECT_NE(bad_budget.exit_code, 0) << "a budget of nothing is refused";
  EXPECT_NE(bad_budget.err.find("--vector-budget-ms"), std::string::npos) << bad_budget.err;
}

}  // namespace
}  // namespace paperboy
