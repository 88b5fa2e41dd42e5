// `paperboy eval`: index a BEIR set's corpus into a throw-away data directory through the same
// store, ingest and index code the server uses, run every query of a split, and score the
// rankings with trec_eval's definitions.
#pragma once

#include <filesystem>
#include <string>

#include "core/result.h"
#include "embed/lsa_training.h"
#include "eval/metrics.h"
#include "index/hybrid_search.h"
#include "index/lexical_index.h"
#include "index/paper_document.h"

namespace paperboy {

struct EvalOptions {
  std::filesystem::path set_dir;  // holds corpus.jsonl, queries.jsonl, qrels/
  std::string split = "test";
  std::filesystem::path work_dir;  // emptied and used for the store and index
  Bm25Params bm25;
  DocumentOptions document;
  size_t depth = 100;  // results kept per query
  // When set, the ranking is also written here in TREC run format
  // ("qid Q0 docid rank score paperboy"), for trec_eval or any other scorer.
  std::filesystem::path run_file;
  // When set, every method's ranking goes to DIR/METHOD.run (lexical.run, semantic.run,
  // hybrid.run, …) with each side's own scores (BM25, cosine), to study fusion outside.
  std::filesystem::path runs_dir;
  // Semantic and hybrid runs too: with the built-in model trained on the set's corpus, or
  // the sentence-transformers model in `model_dir`.
  bool semantic = true;
  std::filesystem::path model_dir;
  LsaSettings lsa;
  FusionSettings fusion;
  // Also score a grid of fusion settings (RRF k, weighted-score weights): for tuning on train.
  bool tune_fusion = false;
};

struct MethodMetrics {
  std::string method;  // "lexical", "semantic", "hybrid", "rrf k=60", "weighted w=0.7"
  RankingMetrics metrics;
};

struct EvalReport {
  RankingMetrics lexical;
  std::vector<MethodMetrics> methods;  // lexical first
  std::string model;                   // the embedding model's description
  size_t documents = 0;                // indexed
  size_t skipped_empty = 0;            // neither title nor text: nothing to find them by
  size_t skipped_invalid = 0;          // an id the store cannot key (first reason below)
  std::string first_skip_reason;       // "corpus document 'x y': …"
  size_t queries_run = 0;
  double index_seconds = 0;
  double query_seconds = 0;  // the lexical run's
  double embed_seconds = 0;  // training the built-in model (when used) and embedding the corpus
};

Result<EvalReport> run_beir_eval(const EvalOptions& options);

}  // namespace paperboy
