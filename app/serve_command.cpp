// paperboy serve: the HTTP server over the data directory. SIGTERM or SIGINT stops it after
// the requests in flight are answered.
#include <fmt/format.h>
#include <malloc.h>
#include <signal.h>
#include <unistd.h>

#include <thread>

#include "cli_context.h"
#include "harvest/harvest_scheduler.h"
#include "harvest/summarizer.h"
#include "harvest/thumbnailer.h"
#include "harvest_options.h"
#include "index/model_catalog.h"
#include "mail/mail_scheduler.h"
#include "mail_options.h"
#include "server/paper_server.h"

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

}  // namespace

namespace {
int signal_pipe[2] = {-1, -1};  // written by the signal handler, which can reach nothing else
}  // namespace
namespace {

// "127.0.0.1:8080", ":8080" or "8080".
bool parse_listen(const std::string& text, std::string& host, int& port) {
  auto colon = text.rfind(':');
  std::string port_text = colon == std::string::npos ? text : text.substr(colon + 1);
  if (colon != std::string::npos && colon > 0) host = text.substr(0, colon);
  try {
    size_t used = 0;
    port = std::stoi(port_text, &used);
    return used == port_text.size() && port >= 0 && port <= 65535;
  } catch (const std::exception&) {
    return false;
  }
}

}  // namespace

void add_serve_command(CLI::App& app, CliContext& context) {
  struct Args {
    std::string listen = "127.0.0.1:8080";
    HttpEngineOptions http = {.workers = default_server_threads()};
    bool quiet = false;
    std::string fusion = "weighted";
    double lexical_weight = FusionSettings{}.lexical_weight;
    std::string web_dir = PAPERBOY_WEB_DIR;
    TrendingParams trending;
    bool secure_cookies = false;
    std::vector<std::string> admins;
    int64_t hold_first_posts = 0;
    SubmissionRules submission_rules;
    LlmEndpoint llm;
    double llm_per_minute = 6;
    int llm_timeout_seconds = 120;
    bool thumbnails = false;
    double thumbnails_per_minute = ThumbnailerOptions{}.per_minute;
    std::string pdf_url = kArxivPdfUrl;
    HarvestOptions harvest_options;
    bool harvest = false;
    std::vector<std::string> sets;
    std::vector<std::string> categories;
    bool harvest_hf = false;
    std::string harvest_at = "02:00";
    bool harvest_now = false;
    int index_catch_up_seconds = 60;
    std::vector<std::string> trusted_proxies;
    std::vector<std::string> metrics_from = {"127.0.0.1", "::1"};
    std::string oai_url = kArxivOaiBaseUrl;
    std::string hf_url = kHuggingFaceBaseUrl;
    std::string arxiv_api_url = kArxivApiUrl;
    bool mail = false;
    MailOptions mail_options;
    int digest_check_seconds = 300;
    int send_check_seconds = 60;
    int64_t subscriptions_per_hour = HubOptions{}.new_subscriptions_per_hour;
    double sign_ups_per_hour = RateLimits{}.sign_up.burst;
  };
  auto args = std::make_shared<Args>();
  auto* cmd = app.add_subcommand(
      "serve", "Serve the hub (web pages and JSON API) over HTTP (127.0.0.1:8080 by default).");
  cmd->add_option("--listen", args->listen, "address and port to listen on")->capture_default_str();
  cmd->add_option("--threads", args->http.workers,
                  "threads that run requests (connections need none of their own)")
      ->capture_default_str()
      ->check(CLI::Range(1, 256));
  cmd->add_option(
         "--max-connections-per-address", args->http.max_connections_per_address,
         "connections one client address may hold open; more are answered 503 (behind a proxy, "
         "set it above the proxy's pool)")
      ->capture_default_str()
      ->check(CLI::Range(1, 1'000'000));
  cmd->add_option(
         "--max-connections", args->http.max_connections,
         "connections open at once, all clients together (default: the open-file limit less what "
         "the "
         "server keeps for its own files); at the cap the longest-idle one is closed for a new one")
      ->check(CLI::Range(1, 10'000'000));
  cmd->add_option("--fusion", args->fusion,
                  "hybrid search: weighted (score) or rrf (reciprocal rank) fusion")
      ->capture_default_str()
      ->check(CLI::IsMember({"weighted", "rrf"}));
  cmd->add_option("--lexical-weight", args->lexical_weight,
                  "weighted fusion: BM25's share (tuned for the built-in model; tune yours with "
                  "`paperboy eval --model`)")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 1.0));
  cmd->add_flag("-q,--quiet", args->quiet, "no request log");
  cmd->add_option("--web", args->web_dir, "folder with templates/, static/ and node_modules/katex")
      ->capture_default_str();
  cmd->add_option("--trending-days", args->trending.window_days, "days of papers trending ranks")
      ->capture_default_str()
      ->check(CLI::Range(1, 365));
  cmd->add_option("--trending-gravity", args->trending.gravity,
                  "how fast votes age: votes / (hours + 2)^gravity")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 10.0));
  cmd->add_flag("--secure-cookies", args->secure_cookies,
                "mark cookies Secure (behind a TLS proxy that sends no X-Forwarded-Proto)");
  cmd->add_option(
      "--admin", args->admins,
      "e-mail address of an account that acts as an admin (/admin pages, /moderation); repeatable");
  cmd->add_option(
         "--hold-first-posts", args->hold_first_posts,
         "hold each new account's first N discussion comments for a moderator (default 0: none)")
      ->check(CLI::Range(int64_t{0}, int64_t{1000}));
  cmd->add_option("--submission-max-age-days", args->submission_rules.max_age_days,
                  "the daily list takes papers at most this many days old (default 14; 0: any age)")
      ->check(CLI::Range(int64_t{0}, int64_t{100000}));
  cmd->add_option("--submissions-per-day", args->submission_rules.per_day,
                  "papers one reader may put on the daily list a UTC day (default 10; 0: no cap)")
      ->check(CLI::Range(int64_t{0}, int64_t{100000}));
  cmd->add_option(
      "--llm-url", args->llm.url,
      "an OpenAI-compatible chat-completions URL (llama.cpp's server, vLLM, Ollama: "
      "http://127.0.0.1:8081/v1/chat/completions) that writes a one-sentence summary and keywords "
      "for each listed paper; its key, if it needs one, in $PAPERBOY_LLM_KEY");
  cmd->add_option("--llm-model", args->llm.model,
                  "the model name sent to --llm-url and stored with each summary");
  cmd->add_option("--llm-per-minute", args->llm_per_minute,
                  "papers summarised a minute at most (default 6)")
      ->check(CLI::Range(0.01, 600.0));
  cmd->add_option("--llm-timeout", args->llm_timeout_seconds,
                  "seconds one summary may take (default 120)")
      ->check(CLI::Range(1, 3600));
  cmd->add_flag(
      "--thumbnails", args->thumbnails,
      "draw the first page of each listed paper's PDF, fetched politely from --pdf-url, for cards "
      "and the API (needs --contact and pdftoppm: Debian poppler-utils)");
  cmd->add_option("--thumbnails-per-minute", args->thumbnails_per_minute,
                  "PDFs fetched a minute at most (default 4)")
      ->check(CLI::Range(0.01, 600.0));
  cmd->add_option("--pdf-url", args->pdf_url, "where PDFs are fetched: this plus 2410.14649v2")
      ->capture_default_str();
  args->harvest_options.add_to(*cmd);
  cmd->add_flag("--harvest", args->harvest, "run the harvests below once a day in the background");
  cmd->add_option("--harvest-set", args->sets,
                  "arXiv OAI set to harvest (cs, math, physics:hep-th); repeatable");
  cmd->add_option("--harvest-category", args->categories,
                  "keep only papers in this category (cs.LG); repeatable");
  cmd->add_flag("--harvest-hf", args->harvest_hf, "also import the Hugging Face daily papers list");
  cmd->add_option("--harvest-at", args->harvest_at,
                  "time of day (UTC) of the daily round; arXiv announces around 00:00-01:00 UTC")
      ->capture_default_str();
  cmd->add_option(
      "--trusted-proxy", args->trusted_proxies,
      "address of a load balancer in front (127.0.0.1 for nginx on this machine): its requests are "
      "rate-limited by the client address it puts last in X-Forwarded-For; repeatable");
  cmd->add_option("--metrics-from", args->metrics_from,
                  "client address that may read /metrics (a Prometheus server); repeatable. "
                  "Default: loopback "
                  "only, so the figures are not public")
      ->capture_default_str();
  cmd->add_option("--index-catch-up", args->index_catch_up_seconds,
                  "seconds between looks at the store for changes to index (papers others stored: "
                  "CLI ingests, "
                  "other servers on a shared store)")
      ->capture_default_str()
      ->check(CLI::Range(1, 86400));
  cmd->add_flag("--harvest-now", args->harvest_now,
                "also run a round as soon as the server starts");
  cmd->add_option("--oai-url", args->oai_url, "arXiv's OAI-PMH endpoint")->capture_default_str();
  cmd->add_option("--hf-url", args->hf_url, "the Hugging Face hub")->capture_default_str();
  cmd->add_option("--arxiv-api-url", args->arxiv_api_url,
                  "arXiv's API, for /submit of papers not stored yet")
      ->capture_default_str();
  cmd->add_flag("--mail", args->mail,
                "take subscriptions on the front page and send digests (set --mail-from, "
                "--base-url, --smtp-url)");
  args->mail_options.add_to(*cmd);
  cmd->add_option("--digest-check", args->digest_check_seconds,
                  "seconds between looks for digests that are due")
      ->capture_default_str()
      ->check(CLI::Range(1, 86400));
  cmd->add_option("--send-check", args->send_check_seconds,
                  "seconds between sends of the outbox (retries included)")
      ->capture_default_str()
      ->check(CLI::Range(1, 86400));
  cmd->add_option("--subscriptions-per-hour", args->subscriptions_per_hour,
                  "new subscriptions the site takes in an hour, from everyone together (a flood "
                  "stops there)")
      ->capture_default_str()
      ->check(CLI::Range(1, 1000000));
  cmd->add_option(
         "--sign-ups-per-hour", args->sign_ups_per_hour,
         "accounts one address may create in an hour (raise it for a lab behind one NAT address)")
      ->capture_default_str()
      ->check(CLI::Range(1, 100000));
  cmd->callback([args, cmd, &context] {
    keep_page_buffers();
    ServerOptions options;
    if (!parse_listen(args->listen, options.host, options.port)) {
      return context.fail("--listen: expected HOST:PORT, got '" + args->listen + "'");
    }
    // Feeds and headers link to the public address; unset, to the address listened on.
    if (cmd->count("--base-url") > 0) options.base_url = args->mail_options.base_url;
    options.http = args->http;
    options.data_dir = context.data_dir;
    auto store_location = context.store_location();
    if (!store_location.ok()) return context.fail(store_location.error().message);
    options.store = *store_location;
    options.log_requests = !args->quiet;
    options.web_dir = args->web_dir;
    options.hub.trending = args->trending;
    options.hub.secure_cookies = args->secure_cookies;
    options.hub.trusted_proxies = args->trusted_proxies;
    options.metrics_from = args->metrics_from;
    options.hub.hold_first_posts = args->hold_first_posts;
    options.hub.submission_rules = args->submission_rules;
    for (std::string admin : args->admins) {
      std::transform(admin.begin(), admin.end(), admin.begin(),
                     [](unsigned char c) { return std::tolower(c); });
      options.hub.admins.push_back(admin);
    }

    // Outbound traffic only when configured: with a contact address, /submit may look papers
    // up on arXiv; with --harvest, the daily round runs. The scheduler always runs, to keep the
    // index caught up with what the server stores.
    HarvestSchedule schedule;
    schedule.data_dir = context.data_dir;
    schedule.store = *store_location;
    schedule.index_check = std::chrono::seconds(args->index_catch_up_seconds);
    auto http_options = args->harvest_options.http_options();
    if (args->harvest) {
      if (!http_options.ok()) return context.fail("--harvest: " + http_options.error().message);
      if (args->sets.empty() && !args->harvest_hf)
        return context.fail("--harvest needs --harvest-set or --harvest-hf");
      auto at = parse_utc_time(args->harvest_at);
      if (!at.ok()) return context.fail("--harvest-at: " + at.error().message);
      schedule.at_minute_utc = *at;
      schedule.run_at_start = args->harvest_now;
      for (const auto& set : args->sets) {
        OaiHarvestRequest request;
        request.base_url = args->oai_url;
        request.set = set;
        request.categories = args->categories;
        schedule.arxiv.push_back(request);
      }
      if (args->harvest_hf) {
        HfHarvestRequest hf;
        hf.base_url = args->hf_url;
        schedule.hf = hf;
      }
    }
    if (http_options.ok()) schedule.http = *http_options;
    schedule.policy = args->harvest_options.fetch_policy();
    // One model for the whole process: queries, similar papers and the index catch-up. On a
    // shared store it is the store's built-in model, adopted before it is loaded.
    if (auto shared = context.open_store(); shared.ok() && (*shared)->shared()) {
      auto sync = sync_shared_model(**shared, ModelCatalog(context.data_dir));
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
    options.fusion.method =
        args->fusion == "rrf" ? FusionMethod::reciprocal_rank : FusionMethod::weighted_score;
    options.fusion.lexical_weight = args->lexical_weight;
    schedule.embedder = embedder.get();
    HarvestScheduler scheduler(schedule);
    std::unique_ptr<HttpClient> lookup_http;
    std::unique_ptr<PoliteFetcher> lookup_fetcher;
    std::unique_ptr<ArxivLookup> lookup;
    if (http_options.ok()) {
      lookup_http = make_curl_client(*http_options);
      lookup_fetcher = std::make_unique<PoliteFetcher>(
          *lookup_http, schedule.policy, sleep_for,
          [](const std::string& line) { fmt::print(stderr, "{}\n", line); });
      lookup = std::make_unique<ArxivLookup>(*lookup_fetcher, args->arxiv_api_url);
      options.hub.paper_lookup = lookup.get();
    }
    options.hub.harvest = &scheduler;

    // Signed links (private feeds always; mail links when mail is on) and, with --mail, the
    // mail round on its own thread, sharing the recent papers the for-you pages rank.
    auto links = open_link_signer(context.data_dir, *store_location);
    if (!links.ok()) return context.fail(links.error().message);
    ForYouCache for_you;
    options.hub.links = &*links;
    options.hub.for_you = &for_you;
    options.hub.new_subscriptions_per_hour = args->subscriptions_per_hour;
    options.hub.limits.sign_up = {args->sign_ups_per_hour, args->sign_ups_per_hour / 3600};
    std::unique_ptr<MailTransport> transport;
    std::unique_ptr<MailScheduler> mail;
    if (args->mail) {
      auto smtp = args->mail_options.smtp();
      if (!smtp.ok()) return context.fail(smtp.error().message);
      transport = make_smtp_transport(*smtp);
      MailSchedule mail_schedule;
      mail_schedule.data_dir = context.data_dir;
      mail_schedule.store = *store_location;
      mail_schedule.identity = args->mail_options.identity();
      mail_schedule.digest.trending = args->trending;
      mail_schedule.outbox = args->mail_options.outbox();
      mail_schedule.plan_every = std::chrono::seconds(args->digest_check_seconds);
      mail_schedule.send_every = std::chrono::seconds(args->send_check_seconds);
      mail_schedule.digest_workers = args->mail_options.digest_workers;
      mail_schedule.busy = [&scheduler] { return !scheduler.status().running.empty(); };
      options.hub.subscriptions = true;
      options.hub.mail_identity = mail_schedule.identity;
      options.hub.digest = mail_schedule.digest;
      mail = std::make_unique<MailScheduler>(mail_schedule, *links, *transport, for_you);
      options.hub.mail = mail.get();
    }
    // With --llm-url, summaries on a thread of their own (harvest/summarizer.h).
    std::unique_ptr<HttpClient> llm_http;
    std::unique_ptr<Summarizer> summarizer;
    if (!args->llm.url.empty()) {
      if (args->llm.model.empty())
        return context.fail("--llm-url needs --llm-model (the model's name)");
      if (const char* key = std::getenv("PAPERBOY_LLM_KEY")) args->llm.api_key = key;
      HttpClientOptions llm_options;
      llm_options.timeout = std::chrono::seconds(args->llm_timeout_seconds);
      llm_options.max_body_bytes = 1u << 20;  // a summary is a sentence; a 10 MB answer is a fault
      llm_http = make_curl_client(llm_options);
      SummarizerOptions summaries;
      summaries.store = *store_location;
      summaries.data_dir = context.data_dir;
      summaries.endpoint = args->llm;
      summaries.per_minute = args->llm_per_minute;
      summaries.log = [](const std::string& line) { fmt::print(stderr, "{}\n", line); };
      summarizer = std::make_unique<Summarizer>(summaries, *llm_http);
      fmt::print(stderr, "paperboy: summaries by {} at {}, {} a minute at most\n", args->llm.model,
                 args->llm.url, args->llm_per_minute);
    }
    // With --thumbnails, PDFs' first pages on a thread of their own (harvest/thumbnailer.h).
    std::unique_ptr<HttpClient> pdf_http;
    std::unique_ptr<Thumbnailer> thumbnailer;
    if (args->thumbnails) {
      if (!http_options.ok()) return context.fail("--thumbnails: " + http_options.error().message);
      ThumbnailerOptions drawing;
      if (auto s = check_renderer(drawing.render); !s.ok()) return context.fail(s.message());
      HttpClientOptions pdf_options = *http_options;
      pdf_options.max_body_bytes = 64u << 20;  // arXiv's largest PDFs are around 50 MB
      pdf_http = make_curl_client(pdf_options);
      drawing.store = *store_location;
      drawing.data_dir = context.data_dir;
      drawing.pdf_url = args->pdf_url;
      drawing.per_minute = args->thumbnails_per_minute;
      drawing.policy = args->harvest_options.fetch_policy();
      drawing.log = [](const std::string& line) { fmt::print(stderr, "{}\n", line); };
      thumbnailer = std::make_unique<Thumbnailer>(drawing, *pdf_http);
      fmt::print(stderr, "paperboy: thumbnails from {}, {} a minute at most\n", args->pdf_url,
                 args->thumbnails_per_minute);
    }
    // The handler only writes the signal's number to a pipe, and a thread reading it stops the
    // server, so stopping never runs inside a signal handler. (sigwait with blocked signals
    // would not do: OpenBLAS starts its threads before main, with the signals unblocked.)
    if (::pipe(signal_pipe) != 0) return context.fail("cannot create a pipe for signals");
    struct sigaction action {};
    action.sa_handler = [](int signal) {
      const char byte = static_cast<char>(signal);
      [[maybe_unused]] auto written = ::write(signal_pipe[1], &byte, 1);
    };
    sigemptyset(&action.sa_mask);
    sigaction(SIGTERM, &action, nullptr);
    sigaction(SIGINT, &action, nullptr);

    auto store = context.open_store();  // creates and migrates the store before serving
    if (!store.ok()) return context.fail(store.error().message);
    store->reset();
    PaperServer server(options);
    if (auto s = server.bind(); !s.ok()) return context.fail(s.message());
    fmt::print(stderr, "paperboy: serving {} on http://{}:{}/ with {} threads\n", context.data_dir,
               options.host, server.port(), options.http.workers);
    scheduler.start();
    if (mail) mail->start();
    if (summarizer) summarizer->start();
    if (thumbnailer) thumbnailer->start();
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
    if (summarizer) summarizer->stop();
    if (thumbnailer) thumbnailer->stop();
    scheduler.stop();
    if (!served.ok()) return context.fail(served.message());
    fmt::print(stderr, "paperboy: stopped\n");
  });
}

}  // namespace paperboy::cli
