// paperboy show ID: one paper, as text or JSON.
#include <fmt/format.h>

#include "cli_context.h"
#include "ingest/paper_json.h"

namespace paperboy::cli {

void add_show_command(CLI::App& app, CliContext& context) {
  auto id = std::make_shared<std::string>();
  auto json = std::make_shared<bool>(false);
  auto* cmd =
      app.add_subcommand("show", "Show one paper by id (2410.14649, arXiv:2410.14649v2, …).");
  cmd->add_option("id", *id, "paper id")->required();
  cmd->add_flag("--json", *json, "print JSON (the export form)");
  cmd->callback([id, json, &context] {
    auto key = parse_paper_key(*id);
    if (!key.ok()) return context.fail(key.error().message);
    auto store = context.open_store();
    if (!store.ok()) return context.fail(store.error().message);
    auto found = (*store)->get(key->id);
    if (!found.ok()) return context.fail(found.error().message);
    if (!found->has_value()) return context.fail("no paper " + key->id + " in " + context.data_dir);
    const Paper& p = (**found).paper;
    if (*json) {
      fmt::print("{}\n", paper_to_json(p).dump(2));
      return;
    }
    auto row = [](const char* label, const std::string& value) {
      if (!value.empty()) fmt::print("{:<13}{}\n", label, value);
    };
    auto join = [](const std::vector<std::string>& items) {
      std::string out;
      for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
      return out;
    };
    row("id", p.version > 0 ? fmt::format("{}v{}", p.id, p.version) : p.id);
    row("title", p.title);
    row("authors", join(p.authors));
    row("categories", join(p.categories));
    row("published", p.published.str());
    row("updated", p.updated.str());
    row("on the hub", p.hub_day.str());
    row("upvotes", p.total_upvotes() > 0 ? std::to_string(p.total_upvotes()) : "");
    row("organization", p.organization);
    row("doi", p.doi);
    row("journal", p.journal_ref);
    row("comments", p.comments);
    row("license", p.license);
    row("code", p.code_link.empty() || p.github_stars == 0
                    ? p.code_link
                    : fmt::format("{} (★ {})", p.code_link, p.github_stars));
    row("project page", p.project_page);
    row("hub artefacts", join(p.hub_artifacts));
    row("links set by", p.links_set_by);
    row("AI summary", p.ai_summary.empty() ? "" : fmt::format("{} ({})", p.ai_summary, p.ai_model));
    if (p.is_arxiv()) row("arXiv", "https://arxiv.org/abs/" + p.id);
    fmt::print("\n{}\n", p.abstract);
  });
}

}  // namespace paperboy::cli
