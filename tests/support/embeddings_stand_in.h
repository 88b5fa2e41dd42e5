// A stand-in for an OpenAI-compatible embeddings server, on 127.0.0.1: it answers
// POST …/embeddings as llama.cpp's server, vLLM or TEI do ({"data": [{"index", "embedding"}]}),
// with vectors made from the words of each text (hashed), so texts that share words are near.
// `fault` lets a test make any request answer wrong or not at all; every request is counted.
#pragma once

#include <atomic>
#include <cmath>
#include <functional>
#include <mutex>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "harvest/replay_server.h"

namespace paperboy::testing {

// Vector of `text`: each lower-cased word adds a hashed ±1 pattern.
inline std::vector<double> hashed_word_vector(const std::string& text, size_t dimension) {
  std::vector<double> v(dimension, 0.0);
  std::string word;
  auto add = [&] {
    if (word.empty()) return;
    uint64_t h = 1469598103934665603ULL;
    for (unsigned char c : word) h = (h ^ c) * 1099511628211ULL;
    for (size_t j = 0; j < dimension; ++j) v[j] += ((h >> (j % 64)) & 1) ? 1.0 : -1.0;
    word.clear();
  };
  for (char c : text) {
    if (std::isalnum(static_cast<unsigned char>(c)))
      word += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    else
      add();
  }
  add();
  return v;
}

class EmbeddingsStandIn {
 public:
  // Called with the request number (from 1) and its body; returning true means it answered
  // `res` itself (a failure), false lets the stand-in answer well.
  using Fault =
      std::function<bool(int request, const nlohmann::json& body, httplib::Response& res)>;

  explicit EmbeddingsStandIn(size_t dimension = 16, Fault fault = nullptr)
      : dimension_(dimension),
        fault_(std::move(fault)),
        server_([this](const httplib::Request& req, httplib::Response& res) { answer(req, res); }) {
  }

  std::string base_url() const { return server_.url("/v1"); }
  int requests() const { return requests_; }
  int texts_embedded() const { return texts_; }
  int most_in_flight() const { return most_in_flight_; }
  std::vector<SeenRequest> seen() { return server_.seen(); }
  // Each answer waits this long first (to see requests overlap).
  void set_delay(std::chrono::milliseconds delay) { delay_ = delay; }
  // Answers list their vectors in reverse order, each with its "index".
  void set_reversed(bool reversed) { reversed_ = reversed; }

 private:
  void answer(const httplib::Request& req, httplib::Response& res) {
    const int number = ++requests_;
    const int now = ++in_flight_;
    for (int seen = most_in_flight_;
         now > seen && !most_in_flight_.compare_exchange_weak(seen, now);) {
    }
    std::this_thread::sleep_for(delay_);
    auto body = nlohmann::json::parse(req.body, nullptr, false);
    if (!(fault_ && fault_(number, body, res))) {
      if (req.path != "/v1/embeddings" || body.is_discarded() || !body.contains("input")) {
        res.status = 404;
        res.set_content(R"({"error":{"message":"no such route"}})", "application/json");
      } else {
        nlohmann::json data = nlohmann::json::array();
        const auto& input = body["input"];
        texts_ += static_cast<int>(input.size());
        for (size_t i = 0; i < input.size(); ++i) {
          data.push_back(
              {{"object", "embedding"},
               {"index", i},
               {"embedding", hashed_word_vector(input[i].get<std::string>(), dimension_)}});
        }
        if (reversed_) std::reverse(data.begin(), data.end());
        nlohmann::json out = {
            {"object", "list"}, {"data", data}, {"model", body.value("model", "")}};
        res.set_content(out.dump(), "application/json");
      }
    }
    --in_flight_;
  }

  size_t dimension_;
  Fault fault_;
  std::atomic<int> requests_{0}, texts_{0}, in_flight_{0}, most_in_flight_{0};
  std::chrono::milliseconds delay_{0};
  bool reversed_ = false;
  ReplayServer server_;
};

}  // namespace paperboy::testing
