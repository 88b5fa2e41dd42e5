#include "eval/beir_set.h"

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "ingest/line_reader.h"

namespace paperboy {
namespace {

using nlohmann::json;

Status read_json_lines(const std::filesystem::path& path,
                       const std::function<Status(const json&, const std::string& where)>& visit) {
  auto reader = LineReader::open(path.string());
  if (!reader.ok()) return reader.error();
  std::string line;
  for (int64_t number = 1; reader->next(line); ++number) {
    if (line.empty()) continue;
    std::string where = path.string() + ":" + std::to_string(number);
    json object = json::parse(line, nullptr, false);
    if (!object.is_object()) return Error{where + ": not a JSON object"};
    if (auto s = visit(object, where); !s.ok()) return s;
  }
  return Status::Ok();
}

Result<std::string> string_field(const json& object, const char* key, const std::string& where) {
  auto it = object.find(key);
  if (it == object.end() || !it->is_string()) return Error{where + ": '" + key + "' missing"};
  return it->get<std::string>();
}

// BEIR sets write a missing title or text as "", null or nothing at all.
std::string optional_string(const json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

Status read_beir_corpus(const std::filesystem::path& set_dir,
                        const std::function<void(BeirDocument&&)>& visit) {
  return read_json_lines(
      set_dir / "corpus.jsonl", [&](const json& object, const std::string& where) -> Status {
        auto id = string_field(object, "_id", where);
        if (!id.ok()) return id.error();
        BeirDocument doc{*id, optional_string(object, "title"), optional_string(object, "text")};
        visit(std::move(doc));
        return Status::Ok();
      });
}

Result<std::map<std::string, std::string>> read_beir_queries(const std::filesystem::path& set_dir) {
  std::map<std::string, std::string> queries;
  auto s = read_json_lines(set_dir / "queries.jsonl",
                           [&](const json& object, const std::string& where) -> Status {
                             auto id = string_field(object, "_id", where);
                             if (!id.ok()) return id.error();
                             auto text = string_field(object, "text", where);
                             if (!text.ok()) return text.error();
                             queries[*id] = *text;
                             return Status::Ok();
                           });
  if (!s.ok()) return s.error();
  return queries;
}

Result<Qrels> read_beir_qrels(const std::filesystem::path& set_dir, const std::string& split) {
  auto path = set_dir / "qrels" / (split + ".tsv");
  std::ifstream in(path);
  if (!in) return Error{"cannot open " + path.string()};
  Qrels qrels;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || (number == 1 && line.rfind("query-id", 0) == 0)) continue;
    std::istringstream fields(line);
    std::string query, doc;
    int grade = 0;
    if (!std::getline(fields, query, '\t') || !std::getline(fields, doc, '\t') ||
        !(fields >> grade)) {
      return Error{path.string() + ":" + std::to_string(number) +
                   ": expected query-id, corpus-id, score"};
    }
    qrels[query][doc] = grade;
  }
  return qrels;
}

}  // namespace paperboy
