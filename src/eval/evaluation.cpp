#include "eval/evaluation.h"

#include <chrono>
#include <fstream>

#include "eval/beir_set.h"
#include "index/index_writer.h"
#include "store/store.h"

namespace paperboy {
namespace fs = std::filesystem;
namespace {

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// The BEIR ids become keys of a source named after the set ("scifact:4983").
std::string source_name(const fs::path& set_dir) {
  std::string name;
  for (char c : set_dir.filename().string()) {
    if (std::isalnum(static_cast<unsigned char>(c))) name += static_cast<char>(std::tolower(c));
  }
  return name.empty() ? "beir" : name;
}

}  // namespace

Result<EvalReport> run_beir_eval(const EvalOptions& options) {
  auto queries = read_beir_queries(options.set_dir);
  if (!queries.ok()) return queries.error();
  auto qrels = read_beir_qrels(options.set_dir, options.split);
  if (!qrels.ok()) return qrels.error();

  std::error_code ec;
  fs::remove_all(options.work_dir, ec);
  fs::create_directories(options.work_dir, ec);
  if (ec) return Error{"cannot create " + options.work_dir.string() + ": " + ec.message()};
  auto store = open_sqlite_store((options.work_dir / "store.sqlite").string());
  if (!store.ok()) return store.error();

  EvalReport report;
  auto start = std::chrono::steady_clock::now();
  std::string source = source_name(options.set_dir);
  std::vector<Paper> batch;
  Status stored;
  auto flush = [&]() {
    if (!stored.ok() || batch.empty()) return;
    auto counts = (*store)->upsert(batch);
    if (!counts.ok()) stored = counts.error();
    batch.clear();
  };
  auto read = read_beir_corpus(options.set_dir, [&](BeirDocument&& doc) {
    Paper paper;
    paper.id = source + ":" + doc.id;
    // Some BEIR documents have no title; the store needs one, and the text stands in.
    paper.title = doc.title.empty() ? doc.text.substr(0, 200) : doc.title;
    paper.abstract = doc.text;
    batch.push_back(std::move(paper));
    ++report.documents;
    if (batch.size() >= 2000) flush();
  });
  flush();
  if (!read.ok()) return Error{read.message()};
  if (!stored.ok()) return Error{stored.message()};

  IndexOptions index_options;
  index_options.document = options.document;
  auto indexed = rebuild_lexical_index(**store, options.work_dir / "index", index_options);
  if (!indexed.ok()) return indexed.error();
  report.index_seconds = seconds_since(start);

  auto index = LexicalIndex::open(options.work_dir / "index", options.bm25);
  if (!index.ok()) return index.error();
  std::map<std::string, std::vector<ScoredDoc>> runs;
  start = std::chrono::steady_clock::now();
  std::string prefix = source + ":";
  for (const auto& [query_id, judged] : *qrels) {
    auto text = queries->find(query_id);
    if (text == queries->end()) return Error{"query " + query_id + " has qrels but no text"};
    SearchRequest request{text->second, true, 0, options.depth};
    auto results = index->search(request);
    ++report.queries_run;
    if (!results.ok()) continue;  // a query with no searchable words retrieves nothing
    auto& run = runs[query_id];
    for (const auto& hit : results->hits) run.push_back({hit.id.substr(prefix.size()), hit.score});
  }
  report.query_seconds = seconds_since(start);
  if (!options.run_file.empty()) {
    std::ofstream out(options.run_file);
    for (const auto& [query_id, ranked] : runs) {
      for (size_t i = 0; i < ranked.size(); ++i) {
        out << query_id << " Q0 " << ranked[i].doc_id << ' ' << i + 1 << ' ' << ranked[i].score << " paperboy\n";
      }
    }
    if (!out) return Error{"cannot write " + options.run_file.string()};
  }
  report.lexical = evaluate_runs(*qrels, runs);
  return report;
}

}  // namespace paperboy
