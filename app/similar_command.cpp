// paperboy similar ID: the papers nearest to one paper by the active model's vectors.
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "cli_context.h"
#include "core/arxiv_id.h"
#include "semantic_context.h"
#include "terminal_text.h"

namespace paperboy::cli {

void add_similar_command(CLI::App& app, CliContext& context) {
  struct Args {
    std::string id;
    size_t limit = 10;
    bool json = false;
  };
  auto args = std::make_shared<Args>();
  auto* cmd = app.add_subcommand(
      "similar", "Papers most like one paper (nearest vectors; the paper itself left out).");
  cmd->add_option("id", args->id, "the paper's id (2401.01234)")->required();
  cmd->add_option("-n,--limit", args->limit, "papers to show")
      ->capture_default_str()
      ->check(CLI::Range(1, 1000));
  cmd->add_flag("--json", args->json, "print JSON");
  cmd->callback([args, &context] {
    auto store = context.open_store();
    if (!store.ok()) return context.fail(store.error().message);
    auto paper = (*store)->get(args->id);
    if (!paper.ok()) return context.fail(paper.error().message);
    if (!*paper) return context.fail(fmt::format("no paper {} in the store", args->id));
    auto semantic = open_semantic_side(context);
    if (!semantic.ok()) return context.fail(semantic.error().message);
    if (!semantic->side().usable()) {
      return context.fail("no vectors for the current model yet: run `paperboy index`");
    }
    auto hits = semantic->vectors->similar((**paper).doc_id, args->limit);
    std::vector<int64_t> ids;
    for (const auto& hit : hits) ids.push_back(hit.doc_id);
    auto papers = (*store)->get_many(ids);
    if (!papers.ok()) return context.fail(papers.error().message);
    if (args->json) {
      nlohmann::json out = {{"id", (**paper).paper.id},
                            {"model", semantic->embedder->info().id},
                            {"similar", nlohmann::json::array()}};
      for (size_t i = 0; i < papers->size() && i < hits.size(); ++i) {
        const Paper& p = (*papers)[i].paper;
        out["similar"].push_back({{"id", p.id}, {"title", p.title}, {"score", hits[i].score}});
      }
      fmt::print("{}\n", out.dump(2));
      return;
    }
    fmt::print("papers like {}  {}\n\n", (**paper).paper.id, (**paper).paper.title);
    for (size_t i = 0; i < papers->size() && i < hits.size(); ++i) {
      const Paper& p = (*papers)[i].paper;
      fmt::print("{:>3}. {:.3f}  {}  {}\n     {}\n", i + 1, hits[i].score, p.id, p.title,
                 author_line(p));
    }
  });
}

}  // namespace paperboy::cli
