// paperboy ingest FILE…: load papers into the store, then bring the index up to date.
#include <fmt/format.h>

#include "cli_context.h"
#include "index/index_location.h"
#include "index/lexical_layout.h"
#include "index/search_indexes.h"
#include "ingest/ingest_pipeline.h"

namespace paperboy::cli {

void add_ingest_command(CLI::App& app, CliContext& context) {
  struct Args {
    std::vector<std::string> files;
    size_t batch = 1000;
    bool no_resume = false;
    bool no_index = false;
    bool quiet = false;
  };
  auto args = std::make_shared<Args>();
  auto* cmd = app.add_subcommand(
      "ingest",
      "Load papers from files: arXiv metadata snapshot lines, paperboy export lines, or Hugging "
      "Face daily-paper lists (JSON arrays). Re-running is safe: papers are deduplicated by id, "
      "newer versions win, and an interrupted file resumes where it stopped.");
  cmd->add_option("files", args->files, "files to read")->required()->check(CLI::ExistingFile);
  cmd->add_option("--batch", args->batch, "papers per transaction")->capture_default_str();
  cmd->add_flag("--no-resume", args->no_resume, "read files from the start even if interrupted");
  cmd->add_flag("--no-index", args->no_index, "leave the index for 'paperboy index'");
  cmd->add_flag("-q,--quiet", args->quiet, "no progress output");
  cmd->callback([args, &context] {
    auto store = context.open_store();
    if (!store.ok()) return context.fail(store.error().message);
    IngestOptions options;
    options.batch_size = args->batch;
    options.resume = !args->no_resume;
    options.show_progress = !args->quiet;
    IngestPipeline pipeline(**store, options);
    int64_t rejected = 0;
    for (const auto& file : args->files) {
      auto report = pipeline.ingest_file(file);
      if (!report.ok()) return context.fail(report.error().message);
      if (report->resumed_from_line > 0) {
        fmt::print(stderr, "{}: resumed at line {}\n", file, report->resumed_from_line);
      }
      fmt::print("{}: {} records: {} new, {} updated, {} unchanged, {} rejected\n", file,
                 report->records, report->inserted, report->updated, report->unchanged,
                 report->rejected);
      rejected += report->rejected;
    }
    if (!args->no_index) {
      // Each server keeps its own index of a shared store; one built here serves only commands
      // run with this data directory, and a first one reads every paper in the store.
      if ((*store)->shared() && !IndexLocation(context.index_dir(), kLexicalIndexName).live()) {
        fmt::print(stderr,
                   "ingest: the store is shared, and {} has no index yet: building a private one "
                   "there from every paper in the store (the servers keep their own; --no-index "
                   "skips this)\n",
                   context.data_dir);
      }
      IndexOptions index_options;
      index_options.show_progress = !args->quiet;
      VectorIndexOptions vector_options;
      vector_options.show_progress = !args->quiet;
      auto update = update_search_indexes(**store, context.data_dir, index_options, vector_options);
      if (!update.ok()) return context.fail(update.error().message);
      print_index_update(*update);
    }
    if (rejected > 0) context.exit_code = kExitRejected;
  });
}

}  // namespace paperboy::cli
