// paperboy serve: the HTTP server over the data directory. SIGTERM or SIGINT stops it after
// the requests in flight are answered.
#include <fmt/format.h>
#include <malloc.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <csignal>  // sigaction: glibc declares it here too
#include <thread>

#include "cli_context.h"
#include "index/model_catalog.h"
#include "serve_config.h"

namespace paperboy::cli {
namespace {

// A page of many long comments is a few megabytes built by appending, on 4 × cores worker
// threads. glibc maps each buffer over 128 KiB afresh and returns it on free, so every such page
// paid for its memory again in page faults: 31 ms of the 33 a page of fifty 20 KB comments took
// (bench/comment_bombs.py). Buffers up to 32 MiB now come from the arenas, which keep up to
// 32 MiB free each instead of returning it: 1.7 ms a page, for at most that much idle memory an
// arena.
void keep_page_buffers() {
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  mallopt(M_TRIM_THRESHOLD, 32 << 20);
}

// The store, opened (created and migrated) before anything else. A shared PostgreSQL store that
// cannot be reached yet (a server started with its database, or during an outage) is tried
// again with a growing pause, up to 30 s, each try logged with libpq's reason: a supervisor
// need not restart the server in a loop, and the first line names the real problem. SIGTERM
// ends the process during the wait (its handler is set only once serving starts). A local
// SQLite store that cannot be opened is an error at once.
Result<std::unique_ptr<Store>> open_store_waiting(const CliContext& context,
                                                  const StoreLocation& location) {
  auto store = context.open_store();
  for (int pause = 1; !store.ok() && location.kind == StoreLocation::Kind::kPostgres &&
                      store.error().code == ErrorCode::kUnavailable;
       pause = std::min(pause * 2, 30)) {
    fmt::print(stderr, "paperboy: the store is not reachable ({}); trying again in {} s\n",
               store.error().message, pause);
    std::this_thread::sleep_for(std::chrono::seconds(pause));
    store = context.open_store();
  }
  return store;
}

std::array<int, 2> signal_pipe = {
    -1, -1};  // written by the signal handler, which can reach nothing else

}  // namespace

void add_serve_command(CLI::App& app, CliContext& context) {
  auto config = std::make_shared<ServeConfig>();
  auto* cmd = app.add_subcommand(
      "serve", "Serve the hub (web pages and JSON API) over HTTP (127.0.0.1:8080 by default).");
  config->add_to(*cmd);
  cmd->callback([config, cmd, &context] {
    keep_page_buffers();
    ServerOptions options;
    if (auto s = config->listen.apply(options); !s.ok()) return context.fail(s.message());
    config->hub.apply(options);
    // Feeds and headers link to the public address; unset, to the address listened on.
    if (cmd->count("--base-url") > 0) options.base_url = config->mail.base_url;
    options.data_dir = context.data_dir;
    auto store_location = context.store_location();
    if (!store_location.ok()) return context.fail(store_location.error().message);
    options.store = *store_location;
    const WorkerPlace place{*store_location, context.data_dir};
    auto store = open_store_waiting(context, *store_location);
    if (!store.ok()) return context.fail(store.error().message);

    // Outbound traffic only when configured: with a contact address, /submit may look papers
    // up on arXiv; with --harvest, the daily round runs. The scheduler always runs, to keep the
    // index caught up with what the server stores.
    auto schedule = config->harvest.schedule(place, config->politeness);
    if (!schedule.ok()) return context.fail(schedule.error().message);
    // One model for the whole process: queries, similar papers and the index catch-up. On a
    // shared store it is the store's built-in model, adopted before it is loaded.
    if ((*store)->shared()) {
      auto sync = sync_shared_model(**store, ModelCatalog(context.data_dir));
      if (!sync.ok()) return context.fail("the store's built-in model: " + sync.error().message);
    }
    auto model = ModelCatalog(context.data_dir).load_active();
    if (!model.ok()) return context.fail(model.error().message);
    std::unique_ptr<Embedder> embedder = std::move(*model);
    if (embedder) {
      fmt::print(stderr, "paperboy: semantic search with {}\n", embedder->info().description);
    } else {
      fmt::print(
          stderr,
          "paperboy: no embedding model yet: lexical search only (`paperboy index` trains one)\n");
    }
    options.embedder = embedder.get();
    schedule->embedder = embedder.get();
    HarvestScheduler scheduler(*schedule);
    ArxivLookupService lookup = config->harvest.lookup(config->politeness);
    options.hub.paper_lookup = lookup.lookup.get();
    options.hub.harvest = &scheduler;

    // Signed links (private feeds always; mail links when mail is on) and, with --mail, the
    // mail round on its own thread, sharing the recent papers the for-you pages rank.
    auto links = open_link_signer(context.data_dir, *store_location);
    if (!links.ok()) return context.fail(links.error().message);
    ForYouCache for_you;
    options.hub.links = &*links;
    options.hub.for_you = &for_you;
    std::unique_ptr<MailTransport> transport;
    std::unique_ptr<MailScheduler> mail;
    if (config->digests.mail) {
      auto smtp = config->mail.smtp();
      if (!smtp.ok()) return context.fail(smtp.error().message);
      transport = make_smtp_transport(*smtp);
      MailSchedule mail_schedule =
          config->digests.schedule(place, config->mail, config->hub.trending);
      mail_schedule.busy = [&scheduler] { return !scheduler.status().running.empty(); };
      options.hub.subscriptions = true;
      options.hub.mail_identity = mail_schedule.identity;
      options.hub.digest = mail_schedule.digest;
      mail = std::make_unique<MailScheduler>(mail_schedule, *links, *transport, for_you);
      options.hub.mail = mail.get();
    }
    // Summaries (--llm-url) and thumbnails (--thumbnails), each on a thread of its own.
    auto summarizer = config->summaries.make(place);
    if (!summarizer.ok()) return context.fail(summarizer.error().message);
    auto thumbnailer = config->thumbnails.make(place, config->politeness);
    if (!thumbnailer.ok()) return context.fail(thumbnailer.error().message);
    // The handler only writes the signal's number to a pipe, and a thread reading it stops the
    // server, so stopping never runs inside a signal handler. (sigwait with blocked signals
    // would not do: OpenBLAS starts its threads before main, with the signals unblocked.)
    if (::pipe(signal_pipe.data()) != 0) return context.fail("cannot create a pipe for signals");
    struct sigaction action {};
    action.sa_handler = [](int signal) {
      const char byte = static_cast<char>(signal);
      [[maybe_unused]] auto written = ::write(signal_pipe[1], &byte, 1);
    };
    sigemptyset(&action.sa_mask);
    sigaction(SIGTERM, &action, nullptr);
    sigaction(SIGINT, &action, nullptr);

    store->reset();  // opened first, to create and migrate it; each part opens its own
    PaperServer server(options);
    if (auto s = server.bind(); !s.ok()) return context.fail(s.message());
    fmt::print(stderr, "paperboy: serving {} on http://{}:{}/ with {} threads\n", context.data_dir,
               options.host, server.port(), options.http.workers);
    scheduler.start();
    if (mail) mail->start();
    if (summarizer->worker) summarizer->worker->start();
    if (thumbnailer->worker) thumbnailer->worker->start();
    std::thread waiter([&server] {
      char signal = 0;
      while (::read(signal_pipe[0], &signal, 1) < 0 && errno == EINTR) {
      }
      if (signal == 0) return;  // the server stopped on its own
      fmt::print(stderr, "paperboy: {} received, finishing requests in flight\n",
                 signal == SIGTERM ? "SIGTERM" : "SIGINT");
      server.stop();
    });
    Status served = server.serve();
    const char wake = 0;
    [[maybe_unused]] auto woke = ::write(signal_pipe[1], &wake, 1);
    waiter.join();
    if (mail) mail->stop();
    if (summarizer->worker) summarizer->worker->stop();
    if (thumbnailer->worker) thumbnailer->worker->stop();
    scheduler.stop();
    if (!served.ok()) return context.fail(served.message());
    fmt::print(stderr, "paperboy: stopped\n");
  });
}

}  // namespace paperboy::cli
