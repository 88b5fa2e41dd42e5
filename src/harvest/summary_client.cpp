#include "harvest/summary_client.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "core/text_normalise.h"

namespace paperboy {
namespace {

using nlohmann::json;

constexpr const char* kInstructions =
    "You summarise research papers for a paper discovery site. Read the title and abstract and "
    "answer with a JSON object only, no other text: {\"summary\": \"one plain-English sentence of "
    "at most 40 words saying what the paper does and finds\", \"keywords\": [\"up to 6 short "
    "technical keywords or phrases\"]}.";

SummaryError failure(std::string message) { return SummaryError{std::move(message)}; }

// The first bytes of a body, for a log line.
std::string excerpt(const std::string& body) {
  std::string head = body.substr(0, 200);
  for (char& c : head) {
    if (static_cast<unsigned char>(c) < 0x20) c = ' ';
  }
  return body.size() > 200 ? head + "…" : head;
}

// Models wrap JSON in Markdown fences however they are asked; the object is what matters.
std::string json_object_in(const std::string& content) {
  auto open = content.find('{');
  auto close = content.rfind('}');
  if (open == std::string::npos || close == std::string::npos || close < open) return {};
  return content.substr(open, close - open + 1);
}

// Control characters and the store's list separator never reach a page or a stored list.
std::string clean(const std::string& text) {
  std::string out;
  for (char c : text) out += static_cast<unsigned char>(c) < 0x20 ? ' ' : c;
  return collapse_whitespace(out);
}

}  // namespace

std::string summary_request_body(const LlmEndpoint& endpoint, const Paper& paper) {
  json body = {
      {"model", endpoint.model},
      {"messages",
       json::array({{{"role", "system"}, {"content", kInstructions}},
                    {{"role", "user"},
                     {"content", "Title: " + paper.title + "\n\nAbstract: " + paper.abstract}}})},
      {"temperature", 0.2},
      {"max_tokens", 300},
      {"response_format", {{"type", "json_object"}}}};
  return body.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::variant<PaperSummary, SummaryError> read_summary_answer(const HttpResponse& response) {
  if (response.status == 429) {
    SummaryError error = failure("the endpoint is rate limiting (429)");
    error.rate_limited = true;
    if (response.retry_after) {
      error.retry_after =
          parse_retry_after(*response.retry_after, std::chrono::system_clock::now());
    }
    return error;
  }
  if (response.status != 200) {
    return failure("the endpoint answered HTTP " + std::to_string(response.status) + ": " +
                   excerpt(response.body));
  }
  json answer = json::parse(response.body, nullptr, false);
  if (answer.is_discarded() || !answer.is_object()) {
    return failure("the endpoint's answer is not JSON: " + excerpt(response.body));
  }
  const json* content = nullptr;
  if (auto choices = answer.find("choices");
      choices != answer.end() && choices->is_array() && !choices->empty()) {
    const json& first = (*choices)[0];
    if (first.is_object() && first.contains("message") && first["message"].is_object()) {
      auto it = first["message"].find("content");
      if (it != first["message"].end() && it->is_string()) content = &*it;
    }
  }
  if (!content)
    return failure("the endpoint's answer has no choices[0].message.content: " +
                   excerpt(response.body));
  json fields = json::parse(json_object_in(content->get<std::string>()), nullptr, false);
  if (fields.is_discarded() || !fields.is_object() || !fields.contains("summary") ||
      !fields["summary"].is_string()) {
    return failure("the model did not answer with the JSON asked for: " +
                   excerpt(content->get<std::string>()));
  }
  PaperSummary summary;
  summary.summary = clean(fields["summary"].get<std::string>());
  if (summary.summary.empty()) return failure("the model's summary is empty");
  if (summary.summary.size() > kMaxSummaryBytes) {
    return failure("the model's summary has " + std::to_string(summary.summary.size()) +
                   " bytes; at most " + std::to_string(kMaxSummaryBytes) + " are kept");
  }
  if (auto keywords = fields.find("keywords"); keywords != fields.end() && keywords->is_array()) {
    for (const auto& k : *keywords) {
      if (!k.is_string() || summary.keywords.size() == kMaxKeywords) continue;
      std::string keyword = clean(k.get<std::string>());
      if (keyword.empty() || keyword.size() > kMaxKeywordBytes) continue;
      if (std::find(summary.keywords.begin(), summary.keywords.end(), keyword) ==
          summary.keywords.end()) {
        summary.keywords.push_back(keyword);
      }
    }
  }
  return summary;
}

std::variant<PaperSummary, SummaryError> request_summary(HttpClient& http,
                                                         const LlmEndpoint& endpoint,
                                                         const Paper& paper) {
  std::vector<std::string> headers = {"Content-Type: application/json", "Accept: application/json"};
  if (!endpoint.api_key.empty()) headers.push_back("Authorization: Bearer " + endpoint.api_key);
  auto response = http.post(endpoint.url, summary_request_body(endpoint, paper), headers);
  if (!response.ok()) return failure(response.error().message);
  return read_summary_answer(*response);
}

}  // namespace paperboy
