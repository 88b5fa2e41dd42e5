// paperboy eval --set DIR: relevance of search on a BEIR-format set (see eval/README.md).
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "cli_context.h"
#include "eval/evaluation.h"

namespace paperboy::cli {

void add_eval_command(CLI::App& app, CliContext& context) {
  struct Args {
    EvalOptions options;
    std::string set;
    std::string work;
    std::string run, runs_dir;
    std::string fusion = "weighted";
    std::string builtin = "contrastive";
    bool json = false;
  };
  auto args = std::make_shared<Args>();
  auto* cmd = app.add_subcommand(
      "eval",
      "Index a BEIR-format set (corpus.jsonl, queries.jsonl, qrels/SPLIT.tsv) into a throw-away "
      "directory, run its queries, and print nDCG@10, Recall@100 and MRR@10 as trec_eval computes "
      "them.");
  cmd->add_option("--set", args->set, "the set's directory")
      ->required()
      ->check(CLI::ExistingDirectory);
  cmd->add_option("--split", args->options.split, "qrels split")->capture_default_str();
  cmd->add_option("--work", args->work, "scratch directory (default: DATA/eval-work)");
  cmd->add_option("--k1", args->options.bm25.k1, "BM25 k1")->capture_default_str();
  cmd->add_option("--b", args->options.bm25.b, "BM25 b")->capture_default_str();
  cmd->add_option("--title-weight", args->options.document.title_weight, "title word weight")
      ->capture_default_str();
  cmd->add_option("--run", args->run,
                  "also write the ranking (hybrid when semantic runs) as a TREC run file");
  cmd->add_option("--runs-dir", args->runs_dir,
                  "also write every method's ranking, with its own scores, as DIR/METHOD.run");
  cmd->add_flag("!--no-semantic", args->options.semantic, "lexical only");
  cmd->add_option("--model", args->options.model_dir,
                  "a sentence-transformers model directory (default: the built-in model trained on "
                  "the corpus)")
      ->check(CLI::ExistingDirectory);
  cmd->add_option("--dimensions", args->options.lsa.dimensions, "built-in model: dimensions")
      ->capture_default_str();
  cmd->add_option("--builtin", args->builtin,
                  "built-in model: contrastive (LSA refined on title/abstract pairs) or lsa (for "
                  "comparison)")
      ->check(CLI::IsMember({"contrastive", "lsa"}))
      ->capture_default_str();
  cmd->add_option("--fusion", args->fusion, "hybrid fusion: rrf or weighted")
      ->capture_default_str();
  cmd->add_option("--rrf-k", args->options.fusion.rrf_k, "reciprocal rank fusion's k")
      ->capture_default_str();
  cmd->add_option("--lexical-weight", args->options.fusion.lexical_weight,
                  "weighted fusion: weight of BM25")
      ->capture_default_str();
  cmd->add_option("--depth", args->options.depth, "results kept per query (Recall@depth)")
      ->check(CLI::Range(10, 1000))
      ->capture_default_str();
  cmd->add_option("--fusion-depth", args->options.fusion.depth,
                  "candidates hybrid takes from each side (the server's default unless set)")
      ->check(CLI::Range(10, 1000))
      ->capture_default_str();
  cmd->add_flag("--tune-fusion", args->options.tune_fusion,
                "also score a grid of fusion settings (use on train)");
  cmd->add_flag("--json", args->json, "print JSON");
  cmd->callback([args, &context] {
    args->options.set_dir = args->set;
    args->options.lsa.refine = args->builtin == "contrastive";
    args->options.run_file = args->run;
    args->options.runs_dir = args->runs_dir;
    if (args->fusion != "rrf" && args->fusion != "weighted")
      return context.fail("--fusion: rrf or weighted");
    args->options.fusion.method =
        args->fusion == "rrf" ? FusionMethod::reciprocal_rank : FusionMethod::weighted_score;
    args->options.work_dir = args->work.empty() ? context.index_dir().parent_path() / "eval-work"
                                                : std::filesystem::path(args->work);
    auto report = run_beir_eval(args->options);
    if (!report.ok()) return context.fail(report.error().message);
    const auto& m = report->lexical;
    if (args->json) {
      nlohmann::json out = {{"set", args->set},
                            {"split", args->options.split},
                            {"documents", report->documents},
                            {"skipped_empty_documents", report->skipped_empty},
                            {"skipped_invalid_documents", report->skipped_invalid},
                            {"queries", m.queries},
                            {"model", report->model}};
      for (const auto& [method, metrics] : report->methods) {
        out[method] = {{"ndcg@10", metrics.ndcg_at_10},
                       {"recall@100", metrics.recall_at_100},
                       {"mrr@10", metrics.mrr_at_10}};
      }
      fmt::print("{}\n", out.dump(2));
      return;
    }
    fmt::print("set {} (split {}): {} documents, {} queries with judgments\n", args->set,
               args->options.split, report->documents, m.queries);
    if (report->skipped_empty > 0) {
      fmt::print("skipped {} empty documents (neither title nor text)\n", report->skipped_empty);
    }
    if (report->skipped_invalid > 0) {
      fmt::print("skipped {} documents whose id cannot be stored, the first: {}\n",
                 report->skipped_invalid, report->first_skip_reason);
    }
    fmt::print("BM25 k1={} b={} title weight {}\n", args->options.bm25.k1, args->options.bm25.b,
               args->options.document.title_weight);
    if (!report->model.empty()) {
      fmt::print(
          "semantic: {}; hybrid: {}\n", report->model,
          args->fusion == "rrf"
              ? fmt::format("reciprocal rank fusion, k={}", args->options.fusion.rrf_k)
              : fmt::format("weighted score fusion, w={}", args->options.fusion.lexical_weight));
    }
    fmt::print(
        "indexing {:.1f} s, embedding {:.1f} s, lexical queries {:.2f} s ({:.0f} queries/s)\n\n",
        report->index_seconds, report->embed_seconds, report->query_seconds,
        report->queries_run / std::max(report->query_seconds, 1e-9));
    fmt::print("{:<16} {:>8} {:>11} {:>8}\n", "method", "nDCG@10", "Recall@100", "MRR@10");
    for (const auto& [method, metrics] : report->methods) {
      fmt::print("{:<16} {:>8.4f} {:>11.4f} {:>8.4f}\n", method, metrics.ndcg_at_10,
                 metrics.recall_at_100, metrics.mrr_at_10);
    }
  });
}

}  // namespace paperboy::cli
