#include "eval/evaluation.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <fstream>

#include "embed/sentence_transformer.h"
#include "eval/beir_set.h"
#include "index/index_writer.h"
#include "index/model_catalog.h"
#include "index/vector_writer.h"
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

bool is_blank(const std::string& text) {
  return std::all_of(text.begin(), text.end(),
                     [](char c) { return std::isspace(static_cast<unsigned char>(c)); });
}

// Punctuation only: Xapian's term generator makes no term of it.
constexpr std::string_view kUntitled = "\u2014";

// A TREC run file: "qid Q0 docid rank score paperboy" per line.
Status write_run(const std::filesystem::path& file,
                 const std::map<std::string, std::vector<ScoredDoc>>& runs) {
  std::ofstream out(file);
  for (const auto& [query_id, ranked] : runs) {
    for (size_t i = 0; i < ranked.size(); ++i) {
      out << query_id << " Q0 " << ranked[i].doc_id << ' ' << i + 1 << ' ' << ranked[i].score
          << " paperboy\n";
    }
  }
  if (!out) return Error{"cannot write " + file.string()};
  return {};
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
    if (is_blank(doc.title) && is_blank(doc.text)) {
      ++report.skipped_empty;
      return;
    }
    Paper paper;
    paper.id = source + ":" + doc.id;
    // A title-less document is indexed by its text alone. The store needs a title, so it gets
    // one that yields no index terms: repeating the text there would count its words twice.
    paper.title = is_blank(doc.title) ? std::string(kUntitled) : doc.title;
    paper.abstract = doc.text;
    if (auto valid = validate_paper(paper); !valid.ok()) {
      if (report.skipped_invalid++ == 0)
        report.first_skip_reason = "corpus document '" + doc.id + "': " + valid.message();
      return;
    }
    batch.push_back(std::move(paper));
    ++report.documents;
    if (batch.size() >= 2000) flush();
  });
  flush();
  if (!read.ok()) return read.error();
  if (!stored.ok()) return stored.error();

  IndexOptions index_options;
  index_options.document = options.document;
  auto indexed = rebuild_lexical_index(**store, options.work_dir / "index", index_options);
  if (!indexed.ok()) return indexed.error();
  report.index_seconds = seconds_since(start);

  auto index = LexicalIndex::open(options.work_dir / "index", options.bm25);
  if (!index.ok()) return index.error();
  std::string prefix = source + ":";
  using Runs = std::map<std::string, std::vector<ScoredDoc>>;
  auto run_queries = [&](const SemanticSide& semantic, SearchMode mode,
                         const FusionSettings& fusion) -> Result<Runs> {
    Runs runs;
    for (const auto& [query_id, judged] : *qrels) {
      auto text = queries->find(query_id);
      if (text == queries->end()) return Error{"query " + query_id + " has qrels but no text"};
      SearchRequest request{text->second, true, 0, options.depth};
      auto results = search_papers(*index, semantic, request, mode, fusion);
      if (!results.ok()) continue;  // a query with no searchable words retrieves nothing
      auto papers = (*store)->get_many([&] {
        std::vector<int64_t> ids;
        for (const auto& hit : results->hits) ids.push_back(hit.doc_id);
        return ids;
      }());
      if (!papers.ok()) return papers.error();
      auto& run = runs[query_id];
      for (size_t i = 0; i < results->hits.size() && i < papers->size(); ++i) {
        run.push_back({(*papers)[i].paper.id.substr(prefix.size()), results->hits[i].score});
      }
    }
    return runs;
  };

  start = std::chrono::steady_clock::now();
  auto lexical_runs = run_queries({}, SearchMode::lexical, options.fusion);
  if (!lexical_runs) return lexical_runs.error();
  auto keep_run = [&](const std::string& method, const Runs& ranked) -> Status {
    if (options.runs_dir.empty()) return {};
    std::error_code ec;
    std::filesystem::create_directories(options.runs_dir, ec);
    std::string file = method;
    for (char& c : file) {
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '-') c = '_';
    }
    return write_run(options.runs_dir / (file + ".run"), ranked);
  };
  if (auto kept = keep_run("lexical", *lexical_runs); !kept.ok()) return kept.error();
  report.queries_run = qrels->size();
  report.query_seconds = seconds_since(start);
  auto& runs = *lexical_runs;
  report.lexical = evaluate_runs(*qrels, runs);
  report.methods.push_back({"lexical", report.lexical});

  if (options.semantic) {
    start = std::chrono::steady_clock::now();
    Result<std::unique_ptr<Embedder>> model = std::unique_ptr<Embedder>();
    if (!options.model_dir.empty()) {
      auto loaded =
          SentenceTransformer::load(options.model_dir, options.model_dir.filename().string());
      if (!loaded) return loaded.error();
      model = std::unique_ptr<Embedder>(std::move(*loaded));
    } else {
      model = train_builtin_model(**store, options.work_dir / "models" / "builtin-lsa.bin",
                                  options.lsa);
    }
    if (!model) return model.error();
    report.model = (*model)->info().description;
    auto embedded =
        rebuild_vector_index(**store, options.work_dir / "index", **model, VectorIndexOptions{});
    if (!embedded) return embedded.error();
    auto vectors = VectorIndex::open(options.work_dir / "index");
    if (!vectors) return vectors.error();
    report.embed_seconds = seconds_since(start);
    SemanticSide semantic{vectors->get(), model->get()};
    std::vector<std::pair<std::string, FusionSettings>> hybrids = {{"hybrid", options.fusion}};
    if (options.tune_fusion) {
      for (double k : {10.0, 30.0, 60.0, 100.0}) {
        FusionSettings f = options.fusion;
        f.method = FusionMethod::reciprocal_rank;
        f.rrf_k = k;
        hybrids.push_back({fmt::format("rrf k={}", k), f});
      }
      for (double w : {0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9}) {
        FusionSettings f = options.fusion;
        f.method = FusionMethod::weighted_score;
        f.lexical_weight = w;
        hybrids.push_back({fmt::format("weighted w={}", w), f});
      }
    }
    auto semantic_runs = run_queries(semantic, SearchMode::semantic, options.fusion);
    if (!semantic_runs) return semantic_runs.error();
    report.methods.push_back({"semantic", evaluate_runs(*qrels, *semantic_runs)});
    if (auto kept = keep_run("semantic", *semantic_runs); !kept.ok()) return kept.error();
    for (const auto& [name, fusion] : hybrids) {
      auto hybrid_runs = run_queries(semantic, SearchMode::hybrid, fusion);
      if (!hybrid_runs) return hybrid_runs.error();
      report.methods.push_back({name, evaluate_runs(*qrels, *hybrid_runs)});
      if (auto kept = keep_run(name, *hybrid_runs); !kept.ok()) return kept.error();
      if (name == "hybrid")
        runs = std::move(*hybrid_runs);  // the run file holds the default mode's ranking
    }
  }
  if (!options.run_file.empty()) {
    if (auto written = write_run(options.run_file, runs); !written.ok()) return written.error();
  }
  return report;
}

}  // namespace paperboy
