// paperboy export: every paper as JSON lines, in id order; `paperboy ingest` reads it back.
#include <fmt/format.h>

#include <cstdio>

#include "cli_context.h"
#include "ingest/paper_json.h"

namespace paperboy::cli {

void add_export_command(CLI::App& app, CliContext& context) {
  auto output = std::make_shared<std::string>();
  auto* cmd = app.add_subcommand("export", "Write every paper as JSON lines (stdout by default).");
  cmd->add_option("-o,--output", *output, "file to write");
  cmd->callback([output, &context] {
    auto store = context.open_store();
    if (!store.ok()) return context.fail(store.error().message);
    // Written to a temporary name and renamed, so a failed export leaves no partial file.
    std::string temporary = output->empty() ? "" : *output + ".partial";
    FILE* out = output->empty() ? stdout : std::fopen(temporary.c_str(), "wb");
    if (!out) return context.fail("cannot write " + temporary);
    auto scanned = (*store)->scan_by_id([out](const StoredPaper& stored) {
      fmt::print(out, "{}\n", paper_to_json(stored.paper).dump());
      return true;
    });
    bool written = std::ferror(out) == 0;
    if (out != stdout) written = std::fclose(out) == 0 && written;
    if (!scanned.ok()) return context.fail(scanned.message());
    if (!written) return context.fail("writing the export failed");
    if (!output->empty() && std::rename(temporary.c_str(), output->c_str()) != 0) {
      return context.fail("cannot rename " + temporary + " to " + *output);
    }
  });
}

}  // namespace paperboy::cli
