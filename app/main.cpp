// paperboy: a self-hostable research-paper discovery server. This file only wires the
// subcommands, each of which lives in its own file.
#include <fmt/format.h>

#include <cstdio>
#include <exception>

#include "cli_context.h"
#include "embed/blas_kernels.h"

namespace {

int run(int argc, char** argv) {
  paperboy::use_best_blas_kernels(argv);  // may start this program again, before anything happens
  using namespace paperboy::cli;
  CLI::App app{"paperboy: research-paper discovery — ingest, search and serve papers.", "paperboy"};
  // The BLAS kernels in use say as much about a slow embedding run as the version does.
  app.set_version_flag(
      "--version", fmt::format("paperboy 0.1.0 (OpenBLAS kernels: {})", paperboy::blas_kernels()));
  app.require_subcommand(1);
  CliContext context;
  app.add_option("--data", context.data_dir, "data directory (store and indexes)")
      ->capture_default_str();
  app.add_option("--store", context.store,
                 "where the store is: sqlite:PATH (default: store.sqlite in the data directory), "
                 "or postgresql://USER@HOST:PORT/DATABASE for one store shared by several servers "
                 "(the password from --store-password-file, PGPASSWORD, PGPASSFILE or ~/.pgpass, "
                 "not the command line)");
  app.add_option("--store-password-file", context.store_password_file,
                 "file whose first line is the PostgreSQL store's password (kept out of the URI, "
                 "so out of process lists and shell history)");

  add_ingest_command(app, context);
  add_harvest_command(app, context);
  add_add_command(app, context);
  add_search_command(app, context);
  add_similar_command(app, context);
  add_digest_command(app, context);
  add_model_command(app, context);
  add_show_command(app, context);
  add_export_command(app, context);
  add_stats_command(app, context);
  add_index_command(app, context);
  add_eval_command(app, context);
  add_serve_command(app, context);
  add_store_command(app, context);
  add_admin_command(app, context);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  return context.exit_code;
}

}  // namespace

// An exception no command caught is a fault: its message and exit status 1, not an abort.
int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "paperboy: %s\n", e.what());
  } catch (...) {
    std::fprintf(stderr, "paperboy: an unknown error\n");
  }
  return 1;
}
