// paperboy search QUERY: lexical search from the command line, as text or JSON.
#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <nlohmann/json.hpp>

#include "cli_context.h"
#include "index/hybrid_search.h"
#include "semantic_context.h"
#include "terminal_text.h"

namespace paperboy::cli {

void add_search_command(CLI::App& app, CliContext& context) {
  struct Args {
    std::vector<std::string> words;
    size_t limit = 10;
    size_t offset = 0;
    bool json = false;
    std::string mode;
    std::string sort;
    bool exact = false;
  };
  auto args = std::make_shared<Args>();
  auto* cmd = app.add_subcommand(
      "search",
      "Search titles, abstracts and authors. Syntax: words, \"phrases\", title:word, "
      "author:name, cat:cs.LG, from:2024-01-01, to:2024-06, AND/OR/NOT, -word.");
  cmd->add_option("query", args->words, "the query (several words are joined)")->required();
  cmd->add_option("-n,--limit", args->limit, "results to show")
      ->capture_default_str()
      ->check(CLI::Range(1, 1000));
  cmd->add_option("--offset", args->offset, "results to skip (for paging)");
  cmd->add_flag("--json", args->json, "print JSON");
  cmd->add_option("--mode", args->mode,
                  "lexical, semantic or hybrid (default: hybrid when vectors exist)")
      ->check(CLI::IsMember({"lexical", "semantic", "hybrid"}));
  cmd->add_option("--sort", args->sort, "relevance (default), newest or votes")
      ->check(CLI::IsMember({"relevance", "newest", "votes"}));
  cmd->add_flag("--exact", args->exact, "search the words as typed (no spelling correction)");
  cmd->callback([args, &context] {
    auto store = context.open_store();
    if (!store.ok()) return context.fail(store.error().message);
    auto index = LexicalIndex::open(context.index_dir());
    if (!index.ok()) return context.fail(index.error().message);

    SearchRequest request;
    for (const auto& word : args->words) request.query += (request.query.empty() ? "" : " ") + word;
    request.limit = args->limit;
    request.offset = args->offset;
    request.order = *parse_search_order(args->sort);
    request.correct_spelling = !args->exact;
    auto semantic = open_semantic_side(context);
    if (!semantic.ok()) return context.fail(semantic.error().message);
    SearchMode mode =
        args->mode.empty() ? default_search_mode(semantic->side()) : *parse_search_mode(args->mode);
    auto start = std::chrono::steady_clock::now();
    auto results = search_papers(*index, semantic->side(), request, mode);
    if (!results.ok()) return context.fail(results.error().message);
    std::vector<int64_t> doc_ids;
    for (const auto& hit : results->hits) doc_ids.push_back(hit.doc_id);
    auto papers = (*store)->get_many(doc_ids);
    if (!papers.ok()) return context.fail(papers.error().message);
    double took_ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();

    if (args->json) {
      nlohmann::json out = {
          {"query", request.query},
          {"mode", to_string(mode)},
          {"total", results->total_estimate},
          {"took_ms", took_ms},
          {"warnings", results->warnings},
          {"did_you_mean", results->did_you_mean},
          {"searched_correction", results->searched_correction},
          {"expansions", results->expansions},
          {"total_means", results->count == SearchResults::Count::nearest ? "nearest" : "matches"},
          {"names_author", results->names_author},
          {"results", nlohmann::json::array()}};
      for (size_t i = 0; i < papers->size(); ++i) {
        const Paper& p = (*papers)[i].paper;
        out["results"].push_back({{"rank", request.offset + i + 1},
                                  {"id", p.id},
                                  {"version", p.version},
                                  {"title", p.title},
                                  {"authors", p.authors},
                                  {"categories", p.categories},
                                  {"published", p.published.str()},
                                  {"score", results->hits[i].score},
                                  {"snippet", results->highlight(p.abstract, 240)}});
      }
      fmt::print("{}\n", out.dump(2));
      return;
    }
    bool terminal = isatty(STDOUT_FILENO);
    for (const auto& warning : results->warnings) fmt::print(stderr, "note: {}\n", warning);
    if (results->searched_correction) {
      fmt::print(
          "Showing results for: {}  (no paper has a word as typed; --exact searches it anyway)\n",
          results->did_you_mean);
    } else if (!results->did_you_mean.empty()) {
      fmt::print("Did you mean: {}\n", results->did_you_mean);
    }
    for (const auto& expansion : results->expansions) fmt::print("Also searched: {}\n", expansion);
    if (results->names_author) {
      fmt::print(
          "The query names an author; meaning search compares what papers are about, not who wrote "
          "them "
          "(--mode lexical finds their papers).\n");
    } else if (results->unknown_to_model) {
      fmt::print(
          "The model knows none of these words, so no paper is near them (--mode lexical searches "
          "them).\n");
    }
    if (results->count == SearchResults::Count::nearest) {
      fmt::print("the {} papers nearest in meaning ({:.1f} ms, {})\n\n", results->total_estimate,
                 took_ms, to_string(mode));
    } else {
      fmt::print("{} results ({:.1f} ms, {})\n\n", results->total_estimate, took_ms,
                 to_string(mode));
    }
    for (size_t i = 0; i < papers->size(); ++i) {
      const Paper& p = (*papers)[i].paper;
      std::string facts = author_line(p);
      if (!p.published.empty()) facts += " · " + p.published.str();
      if (!p.categories.empty()) facts += " · " + p.categories.front();
      fmt::print("{:>3}. {}  {}\n     {}\n     {}\n\n", request.offset + i + 1, p.id, p.title,
                 facts, excerpt_for_terminal(results->highlight(p.abstract, 240), terminal));
    }
  });
}

}  // namespace paperboy::cli
