// An embeddings endpoint as the model of a data directory (issue 33, item 4), over a real store
// and index, against a stand-in on 127.0.0.1: the vector build goes through it and resumes after
// it fails, its model and dimension name the generation, the key stays out of the files, and a
// search while it is down says so instead of failing the page.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "index/hybrid_search.h"
#include "index/model_catalog.h"
#include "index/vector_index.h"
#include "index/vector_writer.h"
#include "index_fixture.h"
#include "support/embeddings_stand_in.h"

namespace paperboy {
namespace {

using testing::EmbeddingsStandIn;

class EndpointModelTest : public testing::IndexFixture {
 protected:
  void add_papers(int count) {
    const char* topics[] = {
        "graph neural networks for molecules", "quantisation of large language models",
        "diffusion models for image synthesis", "reinforcement learning for robots"};
    for (int i = 1; i <= count; ++i) {
      add(testing::make_paper(fmt::format("2402.{:05}", i),
                              topics[i % 4] + std::string(" study ") + std::to_string(i)));
    }
  }
  std::unique_ptr<EndpointEmbedder> embedder(const EmbeddingsStandIn& server,
                                             const std::string& model = "m") {
    EndpointLimits limits;
    limits.batch = 8;
    limits.concurrency = 2;
    limits.attempts = 2;
    EndpointTransport transport = default_endpoint_transport();
    transport.sleep = [](std::chrono::milliseconds) {};
    EmbeddingEndpoint endpoint;
    endpoint.url = server.base_url();
    endpoint.model = model;
    endpoint.dimensions = 16;
    return EndpointEmbedder::open(endpoint, limits, transport);
  }
  VectorIndexOptions options() {
    VectorIndexOptions o;
    o.batch = 16;
    o.rows_per_save = 32;
    return o;
  }
};

TEST_F(EndpointModelTest, AFailedBuildResumesWhereItStoppedAndPublishesNothingMeanwhile) {
  add_papers(100);
  // Healthy for 6 requests (48 papers: 32 saved on schedule, 16 saved as the run stops), then down.
  EmbeddingsStandIn failing(16, [](int request, const nlohmann::json&, httplib::Response& res) {
    if (request <= 6) return false;
    res.status = 503;
    res.set_content("maintenance", "text/plain");
    return true;
  });
  auto stopped = update_vector_index(*store_, dir_ / "index", *embedder(failing), options());
  ASSERT_FALSE(stopped.ok());
  EXPECT_NE(stopped.error().message.find(failing.base_url()), std::string::npos)
      << stopped.error().message;
  EXPECT_NE(stopped.error().message.find("HTTP 503"), std::string::npos) << stopped.error().message;
  EXPECT_FALSE(VectorIndex::exists(dir_ / "index")) << "nothing is published part-way";

  EmbeddingsStandIn healthy;
  auto done = update_vector_index(*store_, dir_ / "index", *embedder(healthy), options());
  ASSERT_TRUE(done.ok()) << done.error().message;
  EXPECT_EQ(healthy.texts_embedded(), 100 - 48)
      << "all 48 papers embedded before the failure are kept";
  auto index = VectorIndex::open(dir_ / "index");
  ASSERT_TRUE(index.ok());
  EXPECT_EQ((*index)->size(), 100u);
  EXPECT_EQ((*index)->state().model_id, "endpoint:m:16");
}

TEST_F(EndpointModelTest, AnotherModelNameMakesANewGeneration) {
  add_papers(20);
  EmbeddingsStandIn server;
  ASSERT_TRUE(
      update_vector_index(*store_, dir_ / "index", *embedder(server, "model-a"), options()).ok());
  auto same = update_vector_index(*store_, dir_ / "index", *embedder(server, "model-a"), options());
  ASSERT_TRUE(same.ok());
  EXPECT_FALSE(same->rebuilt);
  EXPECT_EQ(server.texts_embedded(), 20);
  auto other =
      update_vector_index(*store_, dir_ / "index", *embedder(server, "model-b"), options());
  ASSERT_TRUE(other.ok());
  EXPECT_TRUE(other->rebuilt);
  EXPECT_EQ(server.texts_embedded(), 40);
  EXPECT_EQ((*VectorIndex::open(dir_ / "index"))->state().model_id, "endpoint:model-b:16");
}

TEST_F(EndpointModelTest, ASearchWhileTheEndpointIsDownSaysSoInsteadOfFailing) {
  add_papers(30);
  index();
  EmbeddingsStandIn server(
      16, [](int /*request*/, const nlohmann::json& body, httplib::Response& res) {
        if (body["input"][0].get<std::string>().find("robots") == std::string::npos) return false;
        res.status = 502;
        return true;
      });
  auto model = embedder(server);
  ASSERT_TRUE(update_vector_index(*store_, dir_ / "index", *model, options()).ok());
  auto lexical = LexicalIndex::open(dir_ / "index");
  auto vectors = VectorIndex::open(dir_ / "index");
  ASSERT_TRUE(lexical.ok() && vectors.ok());
  SemanticSide semantic{vectors->get(), model.get()};

  auto working = search_papers(*lexical, semantic, {"diffusion image synthesis", false, 0, 5},
                               SearchMode::hybrid);
  ASSERT_TRUE(working.ok()) << working.error().message;
  EXPECT_EQ(working->mode, "hybrid");

  auto hybrid = search_papers(*lexical, semantic, {"reinforcement learning robots", false, 0, 5},
                              SearchMode::hybrid);
  ASSERT_TRUE(hybrid.ok()) << hybrid.error().message;
  EXPECT_EQ(hybrid->hits.size(), 5u) << "the words' ranking stands";
  ASSERT_EQ(hybrid->warnings.size(), 1u);
  EXPECT_EQ(hybrid->warnings[0],
            "hybrid search fell back to lexical: the embedding model did not answer");

  auto nearest = search_papers(*lexical, semantic, {"robots", false, 0, 5}, SearchMode::semantic);
  ASSERT_FALSE(nearest.ok());
  EXPECT_EQ(nearest.error().code, ErrorCode::kUnavailable);
  EXPECT_EQ(nearest.error().message.find("127.0.0.1"), std::string::npos)
      << "the endpoint's address is the operator's, not the reader's: " << nearest.error().message;
}

TEST_F(EndpointModelTest, TheCatalogKeepsTheEndpointButNeverItsKey) {
  EmbeddingsStandIn server;
  ModelCatalog catalog(dir_.path());
  EndpointConfig config;
  config.endpoint.url = server.base_url();
  config.endpoint.model = "bge-m3";
  config.endpoint.dimensions = 16;
  config.endpoint.api_key = "secret-lab-key";
  config.limits.concurrency = 3;
  ASSERT_TRUE(catalog.use_endpoint(config).ok());
  EXPECT_TRUE(catalog.endpoint_active());
  std::stringstream written;
  written << std::ifstream(catalog.endpoint_file()).rdbuf();
  EXPECT_EQ(written.str().find("secret-lab-key"), std::string::npos) << written.str();

  ::setenv(kEmbeddingsKeyVariable, "key-from-environment", 1);
  auto active = catalog.load_active();
  ::unsetenv(kEmbeddingsKeyVariable);
  ASSERT_TRUE(active.ok()) << active.error().message;
  EXPECT_EQ((*active)->info().id, "endpoint:bge-m3:16");
  ASSERT_TRUE((*active)->embed_query("graph").ok());
  EXPECT_EQ(server.seen().back().authorization, "Bearer key-from-environment");

  ASSERT_TRUE(catalog.use_builtin().ok());
  EXPECT_FALSE(catalog.endpoint_active());
  EXPECT_FALSE(catalog.install(dir_.path(), "@endpoint").ok()) << "the name is reserved";
}

}  // namespace
}  // namespace paperboy
