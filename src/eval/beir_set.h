// A relevance set in BEIR's layout: corpus.jsonl {_id, title, text}, queries.jsonl {_id, text},
// qrels/<split>.tsv (header, then query-id, corpus-id, score; CRLF or LF).
#pragma once

#include <filesystem>
#include <functional>
#include <map>
#include <string>

#include "core/result.h"
#include "eval/metrics.h"

namespace paperboy {

struct BeirDocument {
  std::string id;
  std::string title;
  std::string text;
};

// Streams corpus.jsonl; errors name the file and line.
Status read_beir_corpus(const std::filesystem::path& set_dir,
                        const std::function<void(BeirDocument&&)>& visit);
// query id → text
Result<std::map<std::string, std::string>> read_beir_queries(const std::filesystem::path& set_dir);
Result<Qrels> read_beir_qrels(const std::filesystem::path& set_dir, const std::string& split);

}  // namespace paperboy
