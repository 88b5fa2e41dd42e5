// The operator's embeddings endpoint as the model (issue 33, item 4), against a stand-in on
// 127.0.0.1 speaking the OpenAI protocol: batching and bounded concurrency, retries on 429
// and 5xx honouring Retry-After, and every wrong answer (a 4xx, malformed JSON, a wrong
// dimension, a non-finite number, a short batch, a stall past the timeout) an error naming the
// endpoint and what it answered.
#include "embed/endpoint_embedder.h"

#include <gtest/gtest.h>

#include <cmath>

#include "support/embeddings_stand_in.h"

namespace paperboy {
namespace {

using nlohmann::json;
using testing::EmbeddingsStandIn;

// Waits are recorded, not slept, so the backoff can be checked without slowing the suite.
struct RecordedWaits {
  std::mutex mutex;
  std::vector<std::chrono::milliseconds> waits;
};

EndpointTransport recording_transport(std::shared_ptr<RecordedWaits> waits) {
  EndpointTransport transport = default_endpoint_transport();
  transport.sleep = [waits](std::chrono::milliseconds wait) {
    std::lock_guard lock(waits->mutex);
    waits->waits.push_back(wait);
  };
  return transport;
}

class EndpointEmbedderTest : public ::testing::Test {
 protected:
  std::unique_ptr<EndpointEmbedder> open(const EmbeddingsStandIn& server, size_t dimension = 16) {
    EmbeddingEndpoint endpoint{server.base_url(), "stand-in-embedder", dimension};
    endpoint.api_key = "lab-key";
    return EndpointEmbedder::open(endpoint, limits_, recording_transport(waits_));
  }
  std::vector<DocumentText> documents(size_t count) {
    titles_.clear();
    abstracts_.clear();
    for (size_t i = 0; i < count; ++i) {
      titles_.push_back("paper number " + std::to_string(i));
      abstracts_.push_back("an abstract about topic " + std::to_string(i * 7));
    }
    std::vector<DocumentText> docs;
    for (size_t i = 0; i < count; ++i) docs.push_back({titles_[i], abstracts_[i]});
    return docs;
  }
  // What a correct answer gives for `doc`: the stand-in's vector of the text sent, unit length.
  static std::vector<float> expected(const DocumentText& doc, size_t dimension = 16) {
    auto v = testing::hashed_word_vector(
        std::string(doc.title) + "\n\n" + std::string(doc.abstract), dimension);
    std::vector<float> out(v.begin(), v.end());
    normalise_rows(out, dimension);
    return out;
  }

  EndpointLimits limits_;
  std::shared_ptr<RecordedWaits> waits_ = std::make_shared<RecordedWaits>();
  std::vector<std::string> titles_, abstracts_;
};

TEST_F(EndpointEmbedderTest, PapersGoInBatchesWithBoundedConcurrencyAndComeBackInOrder) {
  EmbeddingsStandIn server;
  server.set_delay(std::chrono::milliseconds(30));
  server.set_reversed(true);  // answers list vectors out of order, each with its "index"
  limits_.batch = 8;
  limits_.concurrency = 3;
  auto docs = documents(100);
  auto vectors = open(server)->embed_documents(docs);
  ASSERT_TRUE(vectors.ok()) << vectors.error().message;
  ASSERT_EQ(vectors->size(), 100u * 16);
  for (size_t i : {0u, 7u, 8u, 55u, 99u}) {
    std::vector<float> row(vectors->begin() + i * 16, vectors->begin() + (i + 1) * 16);
    EXPECT_EQ(row, expected(docs[i])) << "paper " << i;
  }
  EXPECT_EQ(server.requests(), 13);  // ⌈100 / 8⌉
  EXPECT_LE(server.most_in_flight(), 3);
  EXPECT_GE(server.most_in_flight(), 2) << "requests overlap";
  for (const auto& seen : server.seen()) {
    EXPECT_EQ(seen.path, "/v1/embeddings");
    EXPECT_EQ(seen.authorization, "Bearer lab-key");
    json body = json::parse(seen.body);
    EXPECT_EQ(body["model"], "stand-in-embedder");
    EXPECT_EQ(body["encoding_format"], "float");
    EXPECT_LE(body["input"].size(), 8u);
    EXPECT_FALSE(body.contains("dimensions")) << "only asked for when the operator names a size";
  }
}

TEST_F(EndpointEmbedderTest, ABusyEndpointIsAskedAgainAfterTheWaitItNames) {
  EmbeddingsStandIn server(16, [](int request, const json&, httplib::Response& res) {
    if (request == 1) {
      res.status = 429;
      res.set_header("Retry-After", "7");
      res.set_content(R"({"error":{"message":"slow down"}})", "application/json");
      return true;
    }
    if (request <= 3) {
      res.status = 503;
      res.set_content("loading model", "text/plain");
      return true;
    }
    return false;
  });
  auto docs = documents(2);
  auto vectors = open(server)->embed_documents(docs);
  ASSERT_TRUE(vectors.ok()) << vectors.error().message;
  EXPECT_EQ(server.requests(), 4);
  using std::chrono::milliseconds;
  EXPECT_EQ(waits_->waits,
            (std::vector<milliseconds>{milliseconds(7000), milliseconds(1000), milliseconds(2000)}))
      << "Retry-After's 7 s, then a backoff that doubles";
}

TEST_F(EndpointEmbedderTest, AnEndpointThatKeepsFailingIsAnErrorAfterTheLastTry) {
  EmbeddingsStandIn server(16, [](int, const json&, httplib::Response& res) {
    res.status = 500;
    res.set_content(R"({"error":{"message":"CUDA out of memory"}})", "application/json");
    return true;
  });
  limits_.attempts = 3;
  auto vectors = open(server)->embed_documents(documents(3));
  ASSERT_FALSE(vectors.ok());
  EXPECT_EQ(vectors.error().code, ErrorCode::kUnavailable);
  EXPECT_NE(vectors.error().message.find(server.base_url() + "/embeddings"), std::string::npos)
      << vectors.error().message;
  EXPECT_NE(vectors.error().message.find("after 3 tries"), std::string::npos)
      << vectors.error().message;
  EXPECT_NE(vectors.error().message.find("HTTP 500: \"CUDA out of memory\""), std::string::npos)
      << vectors.error().message;
  EXPECT_EQ(server.requests(), 3);
}

TEST_F(EndpointEmbedderTest, ARetryAfterLongerThanPaperboyWaitsStopsTheRun) {
  EmbeddingsStandIn server(16, [](int, const json&, httplib::Response& res) {
    res.status = 429;
    res.set_header("Retry-After", "86400");
    return true;
  });
  auto vectors = open(server)->embed_documents(documents(1));
  ASSERT_FALSE(vectors.ok());
  EXPECT_NE(vectors.error().message.find("asks to wait 86400 s"), std::string::npos)
      << vectors.error().message;
  EXPECT_EQ(server.requests(), 1);
  EXPECT_TRUE(waits_->waits.empty());
}

// Each wrong answer, and the words its error must contain. None is retried: asking again
// would get the same answer.
struct WrongAnswer {
  const char* name;
  int status;
  std::string body;
  const char* said;
};

void PrintTo(const WrongAnswer& wrong, std::ostream* out) { *out << wrong.name; }

class EndpointWrongAnswerTest : public EndpointEmbedderTest,
                                public ::testing::WithParamInterface<WrongAnswer> {};

TEST_P(EndpointWrongAnswerTest, IsAnErrorNamingTheEndpointAndWhatItAnswered) {
  const WrongAnswer& wrong = GetParam();
  EmbeddingsStandIn server(16, [&wrong](int, const json&, httplib::Response& res) {
    res.status = wrong.status;
    res.set_content(wrong.body, "application/json");
    return true;
  });
  auto vectors = open(server, 2)->embed_documents(documents(2));
  ASSERT_FALSE(vectors.ok()) << wrong.name;
  const std::string& message = vectors.error().message;
  EXPECT_NE(message.find(server.base_url() + "/embeddings"), std::string::npos) << message;
  EXPECT_NE(message.find("stand-in-embedder"), std::string::npos) << message;
  EXPECT_NE(message.find(wrong.said), std::string::npos) << wrong.name << ": " << message;
  EXPECT_EQ(vectors.error().code, ErrorCode::kInvalid);
  EXPECT_EQ(server.requests(), 1) << wrong.name << " is not asked again";
}

const std::string kTwoGood = R"({"index":0,"embedding":[1,0]},{"index":1,"embedding":[0,1]})";

INSTANTIATE_TEST_SUITE_P(
    EveryKind, EndpointWrongAnswerTest,
    ::testing::Values(
        WrongAnswer{"unauthorised", 401, R"({"error":{"message":"Invalid API key"}})",
                    "HTTP 401: \"Invalid API key\""},
        WrongAnswer{"unknown model", 404, R"({"error":"model 'x' not found"})",
                    "HTTP 404: \"model 'x' not found\""},
        WrongAnswer{"malformed JSON", 200, R"({"data": [{"index":0,"embedding":[1,0)", "not JSON"},
        WrongAnswer{"no data", 200, R"({"object":"list"})", "no \"data\" list"},
        WrongAnswer{"short batch", 200, R"({"data":[{"index":0,"embedding":[1,0]}]})",
                    "answered 1 vectors for 2 texts"},
        WrongAnswer{"wrong dimension", 200,
                    R"({"data":[{"index":0,"embedding":[1,0,0]},{"index":1,"embedding":[0,1,0]}]})",
                    "has 3 numbers, not 2"},
        WrongAnswer{"null for NaN", 200,
                    R"({"data":[{"index":0,"embedding":[1,null]},{"index":1,"embedding":[0,1]}]})",
                    "holds null at position 1, not a finite number"},
        WrongAnswer{"beyond float", 200,
                    R"({"data":[{"index":0,"embedding":[1,1e300]},{"index":1,"embedding":[0,1]}]})",
                    "holds 1e+300 at position 1, not a finite number"},
        WrongAnswer{"base64", 200,
                    R"({"data":[{"index":0,"embedding":"AAAA"},{"index":1,"embedding":"AAAA"}]})",
                    "not a list of numbers"},
        WrongAnswer{"index twice", 200,
                    R"({"data":[{"index":1,"embedding":[1,0]},{"index":1,"embedding":[0,1]}]})",
                    "answered text 1 twice"},
        WrongAnswer{"index outside", 200,
                    R"({"data":[{"index":0,"embedding":[1,0]},{"index":5,"embedding":[0,1]}]})",
                    "has index 5, outside the 2 texts"}),
    [](const auto& info) {
      std::string name = info.param.name;
      for (char& c : name) {
        if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
      }
      return name;
    });

TEST_F(EndpointEmbedderTest, AStalledEndpointFailsAtTheTimeout) {
  EmbeddingsStandIn server;
  server.set_delay(std::chrono::milliseconds(2500));
  limits_.timeout = std::chrono::seconds(1);
  limits_.attempts = 1;
  const auto started = std::chrono::steady_clock::now();
  auto vectors = open(server)->embed_documents(documents(1));
  ASSERT_FALSE(vectors.ok());
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::milliseconds(2400));
  EXPECT_EQ(vectors.error().code, ErrorCode::kUnavailable);
  EXPECT_NE(vectors.error().message.find(server.base_url() + "/embeddings"), std::string::npos)
      << vectors.error().message;
}

TEST_F(EndpointEmbedderTest, ARefusedConnectionIsAnErrorNamingTheEndpoint) {
  std::string url;
  { url = EmbeddingsStandIn().base_url(); }  // a port nothing listens on any more
  limits_.attempts = 2;
  auto embedder = EndpointEmbedder::open({url, "m", 4}, limits_, recording_transport(waits_));
  auto vectors = embedder->embed_documents(documents(1));
  ASSERT_FALSE(vectors.ok());
  EXPECT_NE(vectors.error().message.find(url + "/embeddings"), std::string::npos)
      << vectors.error().message;
  EXPECT_EQ(waits_->waits.size(), 1u) << "refused is worth one more try";
}

TEST_F(EndpointEmbedderTest, QueryVectorsAreCachedAndPrefixed) {
  EmbeddingsStandIn server;
  EmbeddingEndpoint endpoint{server.base_url(), "e5-stand-in", 16};
  endpoint.query_prefix = "query: ";
  auto embedder = EndpointEmbedder::open(endpoint, limits_, recording_transport(waits_));
  auto first = embedder->embed_query("graph neural networks");
  auto again = embedder->embed_query("graph neural networks");
  ASSERT_TRUE(first.ok() && again.ok());
  EXPECT_EQ(*first, *again);
  EXPECT_EQ(server.requests(), 1) << "the second is answered from the cache";
  EXPECT_EQ(json::parse(server.seen()[0].body)["input"][0], "query: graph neural networks");
  ASSERT_TRUE(embedder->embed_query("diffusion").ok());
  EXPECT_EQ(server.requests(), 2);
}

TEST_F(EndpointEmbedderTest, AfterAFailedQueryQueriesFallBackAtOnceForAWhile) {
  std::atomic<bool> down{true};
  EmbeddingsStandIn server(16, [&down](int, const json&, httplib::Response& res) {
    if (!down) return false;
    res.status = 503;
    return true;
  });
  limits_.query_pause = std::chrono::seconds(1);
  auto embedder = open(server);
  ASSERT_FALSE(embedder->embed_query("graph").ok());
  EXPECT_EQ(server.requests(), 2) << "a query is asked twice";
  auto paused = embedder->embed_query("diffusion");
  ASSERT_FALSE(paused.ok());
  EXPECT_EQ(paused.error().code, ErrorCode::kUnavailable);
  EXPECT_EQ(server.requests(), 2) << "within the pause the endpoint is not asked";
  down = false;
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  EXPECT_TRUE(embedder->embed_query("diffusion").ok()) << "after the pause it is asked again";
  EXPECT_EQ(server.requests(), 3);
}

TEST_F(EndpointEmbedderTest, ConnectingLearnsTheDimensionOrChecksTheOneAskedFor) {
  EmbeddingsStandIn server(24);
  auto learnt =
      EndpointEmbedder::connect({server.base_url(), "m", 0}, limits_, recording_transport(waits_));
  ASSERT_TRUE(learnt.ok()) << learnt.error().message;
  EXPECT_EQ((*learnt)->info().dimension, 24u);
  EXPECT_EQ((*learnt)->info().id, "endpoint:m:24");

  EmbeddingEndpoint asked{server.base_url(), "m", 32};
  asked.ask_dimensions = true;
  auto refused = EndpointEmbedder::connect(asked, limits_, recording_transport(waits_));
  ASSERT_FALSE(refused.ok()) << "the stand-in ignores \"dimensions\" and answers 24";
  EXPECT_NE(refused.error().message.find("has 24 numbers, not 32"), std::string::npos)
      << refused.error().message;
  EXPECT_EQ(json::parse(server.seen().back().body)["dimensions"], 32);

  auto not_a_url =
      EndpointEmbedder::connect({"gpu-box:8080", "m", 0}, limits_, recording_transport(waits_));
  ASSERT_FALSE(not_a_url.ok());
  EXPECT_EQ(not_a_url.error().code, ErrorCode::kInvalid);
}

TEST(EndpointModelIdTest, NamesTheModelTheDimensionAndThePrefixes) {
  EmbeddingEndpoint plain{"http://a/v1", "bge-m3", 1024};
  EmbeddingEndpoint moved{"http://b:9000/v1/embeddings", "bge-m3", 1024};
  EmbeddingEndpoint prefixed = plain;
  prefixed.query_prefix = "query: ";
  EXPECT_EQ(endpoint_model_id(plain), "endpoint:bge-m3:1024");
  EXPECT_EQ(endpoint_model_id(plain), endpoint_model_id(moved))
      << "the same model elsewhere makes the same vectors";
  EXPECT_NE(endpoint_model_id(plain), endpoint_model_id(prefixed));
  EXPECT_EQ(embeddings_url("http://h:8080/v1/"), "http://h:8080/v1/embeddings");
  EXPECT_EQ(embeddings_url("http://h/v1/embeddings"), "http://h/v1/embeddings");
}

TEST(EndpointRequestTest, LongTextsAreCutAtACharacterBoundary) {
  EmbeddingsStandIn server;
  EndpointLimits limits;
  limits.max_text_bytes = 5;
  auto embedder =
      EndpointEmbedder::open({server.base_url(), "m", 16}, limits, default_endpoint_transport());
  const std::string title = "Schrödinger";  // "ö" is bytes 4 and 5: a cut at 5 would split it
  std::vector<DocumentText> docs = {{title, "long abstract"}};
  ASSERT_TRUE(embedder->embed_documents(docs).ok());
  EXPECT_EQ(json::parse(server.seen()[0].body)["input"][0], "Schr");
}

}  // namespace
}  // namespace paperboy
