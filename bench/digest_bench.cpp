// bench/digest: composing a morning's digests — every subscriber due at once — on a store the
// size of a busy hub. Papers are generated from the bundled sample's vocabulary and spread over
// `days` listed days; two thirds of the subscribers are accounts with a library (3–15 saved
// recent papers), a followed category and, for half, a saved search with "alert me"; the rest
// are addresses without an account (trending only). It measures what `paperboy digest` (and
// serve's mail round) does: build the recent corpus, then for each subscriber rank papers for
// them (liblinear), run their alert through Xapian, render the MIME message and queue it in the
// outbox. Sending is SMTP's business and not measured here. With --compare-serial it also runs
// the same round with one worker on a copy of the store, checks that both queued the same
// digests, and prints the ratio.
//
//   build/bench/bench_digest [--papers 200000] [--subscribers 10000] [--days 250] [--workers N]
//                            [--compare-serial] [--work DIR] [--keep]
#include <fmt/format.h>
#include <sys/resource.h>

#include <chrono>
#include <filesystem>
#include <random>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include "embed/blas_kernels.h"
#include "index/index_writer.h"
#include "index/lexical_index.h"
#include "mail/digest_planner.h"
#include "rank/for_you.h"
#include "sample_vocabulary.h"
#include "store/store.h"

namespace fs = std::filesystem;
using namespace paperboy;

namespace {

const Date kNewestDay{2026, 11, 20};

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

double peak_rss_mib() {
  struct rusage usage {};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024.0;
}

void die(const std::string& what) {
  fmt::print(stderr, "bench_digest: {}\n", what);
  std::exit(1);
}

template <typename T>
T check(Result<T> result, const char* what) {
  if (!result.ok()) die(std::string(what) + ": " + result.error().message);
  return std::move(result).value();
}

void check(const Status& status, const char* what) {
  if (!status.ok()) die(std::string(what) + ": " + status.message());
}

const std::vector<std::string> kCategories = {
    "cs.LG",   "cs.CL",   "cs.CV", "cs.AI",    "stat.ML",         "cs.RO", "cs.IR",
    "math.OC", "eess.AS", "cs.NE", "q-bio.NC", "physics.comp-ph", "cs.DC", "cs.CR"};

void generate_papers(Store& store, const Vocabulary& v, int papers, int days) {
  std::mt19937_64 rng(42);
  std::uniform_int_distribution<int> title_len(6, 14), abstract_len(120, 220), author_count(1, 8),
      category_count(1, 3);
  std::uniform_int_distribution<size_t> author(0, v.authors.size() - 1),
      category(0, kCategories.size() - 1);
  std::geometric_distribution<int> votes(0.08);  // most papers a few votes, some dozens
  std::vector<Paper> batch;
  for (int i = 0; i < papers; ++i) {
    Paper p;
    const Date day = add_days(kNewestDay, -(i % days));
    p.id = fmt::format("{:04}.{:05}", 1501 + i / 90000, i % 90000);
    p.version = 1;
    p.title = words(v, rng, title_len(rng));
    p.abstract = words(v, rng, abstract_len(rng));
    for (int a = author_count(rng); a > 0; --a) p.authors.push_back(v.authors[author(rng)]);
    for (int c = category_count(rng); c > 0; --c)
      p.categories.push_back(kCategories[category(rng)]);
    p.published = p.updated = p.hub_day = day;
    p.upvotes = votes(rng);
    batch.push_back(std::move(p));
    if (batch.size() == 1000) {
      check(store.upsert(batch), "upsert");
      batch.clear();
    }
  }
  if (!batch.empty()) check(store.upsert(batch), "upsert");
}

struct Population {
  int accounts = 0, anonymous = 0, saved = 0, alerts = 0;
};

Population generate_subscribers(Store& store, const Vocabulary& v, int subscribers, int64_t now) {
  Population population;
  std::mt19937_64 rng(7);
  // Libraries draw from the last 30 days, as an active reader's would.
  auto recent =
      check(store.list_recent({add_days(kNewestDay, -29), kNewestDay}, 1'000'000), "list_recent");
  std::uniform_int_distribution<size_t> pick(0, recent.size() - 1),
      category(0, kCategories.size() - 1);
  std::uniform_int_distribution<int> library_size(3, 15);
  for (int i = 0; i < subscribers; ++i) {
    const std::string email = fmt::format("reader{}@example.org", i);
    int64_t user_id = 0;
    if (i % 3 != 2) {
      user_id = check(store.community().create_user(email, fmt::format("Reader {}", i),
                                                    "bench-no-password", now),
                      "create_user");
      for (int k = library_size(rng); k > 0; --k) {
        check(store.community().save(user_id, recent[pick(rng)].doc_id, std::vector<std::string>{},
                                     now),
              "save");
        ++population.saved;
      }
      check(store.preferences().set_follow(
                user_id, {Follow::Kind::kCategory, kCategories[category(rng)]}, true),
            "follow");
      if (i % 2 == 0) {
        check(store.preferences().save_search(user_id, words(v, rng, 2), true, now), "save_search");
        ++population.alerts;
      }
      ++population.accounts;
    } else {
      ++population.anonymous;
    }
    Subscription s = check(store.mailing().subscribe(email, user_id, now), "subscribe");
    s.status = Subscription::Status::kActive;
    s.send_hour = 0;
    if (user_id == 0) s.sections = {"trending"};
    check(store.mailing().update_subscription(s), "update_subscription");
  }
  return population;
}

struct Round {
  DigestRoundReport report;
  double corpus_s = 0, compose_s = 0;
  std::vector<std::string> messages;  // the outbox, oldest first, without its random parts
};

// What the mail round does, on the store at `path`, with `workers` composing.
Round run_round(const fs::path& path, const fs::path& index_dir, int workers, int64_t now) {
  Round round;
  auto store = check(open_sqlite_store(path.string()), "open store");
  auto started = std::chrono::steady_clock::now();
  auto corpus = check(RecentCorpus::build(*store, nullptr, now, 7), "corpus");
  round.corpus_s = seconds_since(started);
  auto readers = check(
      DigestReaders::open([&] { return open_sqlite_store(path.string()); }, index_dir, workers),
      "digest readers");
  LinkSigner signer(std::string(32, 'b'));
  MailIdentity identity;
  identity.base_url = "https://papers.example.org";
  started = std::chrono::steady_clock::now();
  DigestPlanner planner(*store, signer, identity, DigestOptions{});
  round.report = check(planner.queue_due(*corpus, readers.readers(), now), "queue_due");
  round.compose_s = seconds_since(started);
  fmt::print("recent corpus: {} papers ({} to {}) in {:.2f} s\n", corpus->papers().size(),
             corpus->days().first.str(), corpus->days().last.str(), round.corpus_s);
  // Message-ID and the MIME boundary are random; everything else must match between rounds.
  const std::regex random_parts("Message-ID: <[^>]*>|=_paperboy_[0-9a-f]+");
  for (auto& m : check(store->mailing().due_messages(now, 10'000'000), "outbox")) {
    round.messages.push_back(m.recipient + "\n" + std::regex_replace(m.message, random_parts, "…"));
  }
  return round;
}

}  // namespace

int main(int argc, char** argv) {
  use_best_blas_kernels(argv);  // as paperboy itself does (liblinear calls OpenBLAS)
  int papers = 200'000, subscribers = 10'000, days = 250;
  fs::path work = fs::temp_directory_path() / "paperboy-bench-digest";
  bool keep = false, compare_serial = false;
  int workers = default_digest_workers();
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    auto value = [&] {
      return i + 1 < argc ? std::string(argv[++i]) : (die(flag + " needs a value"), std::string());
    };
    if (flag == "--papers")
      papers = std::stoi(value());
    else if (flag == "--subscribers")
      subscribers = std::stoi(value());
    else if (flag == "--days")
      days = std::stoi(value());
    else if (flag == "--work")
      work = value();
    else if (flag == "--keep")
      keep = true;
    else if (flag == "--workers")
      workers = std::stoi(value());
    else if (flag == "--compare-serial")
      compare_serial = true;
    else
      die("unknown option " + flag);
  }
  const fs::path sample = fs::path(PAPERBOY_SOURCE_DIR) / "sample/hf-daily";
  const Vocabulary vocabulary = load_vocabulary(sample);
  const int64_t now =
      days_since_epoch(kNewestDay) * 86400 + 8 * 3600;  // 08:00 UTC on the newest day

  fs::remove_all(work);
  fs::create_directories(work);
  auto store = check(open_sqlite_store((work / "store.sqlite").string()), "open store");
  auto started = std::chrono::steady_clock::now();
  generate_papers(*store, vocabulary, papers, days);
  const double papers_s = seconds_since(started);
  started = std::chrono::steady_clock::now();
  IndexOptions index_options;
  check(update_lexical_index(*store, work / "index", index_options), "index");
  const double index_s = seconds_since(started);
  started = std::chrono::steady_clock::now();
  const Population population = generate_subscribers(*store, vocabulary, subscribers, now);
  const double subscribers_s = seconds_since(started);
  fmt::print(
      "workload: {} papers over {} listed days (about {} a day; words and authors of {}), {} "
      "subscribers: {} "
      "accounts ({} saved papers, one followed category each, {} alerting saved searches), {} "
      "addresses "
      "without an account (trending only); all due at 08:00 UTC on {}; 8 papers a section; {} "
      "cores\n",
      papers, days, papers / days, sample.string(), subscribers, population.accounts,
      population.saved, population.alerts, population.anonymous, kNewestDay.str(),
      std::thread::hardware_concurrency());
  fmt::print(
      "setup: papers {:.1f} s, lexical index {:.1f} s, subscribers {:.1f} s; peak RSS so far "
      "{:.0f} MiB\n",
      papers_s, index_s, subscribers_s, peak_rss_mib());

  store.reset();  // closed: the file is whole without its write-ahead log, and can be copied
  if (compare_serial) fs::copy_file(work / "store.sqlite", work / "serial.sqlite");

  auto report = [&](const Round& round, int n) {
    const double subscribers_d = subscribers;
    fmt::print(
        "digests, {} worker{}: {} queued ({} papers, {} in the outbox), {} with nothing new, in "
        "{:.1f} s = "
        "{:.2f} ms a subscriber, {:.0f} digests/s\n",
        n, n == 1 ? "" : "s", round.report.queued, round.report.papers, round.messages.size(),
        round.report.empty, round.compose_s, 1000.0 * round.compose_s / subscribers_d,
        subscribers_d / round.compose_s);
    fmt::print("total (corpus + digests): {:.1f} s; peak RSS {:.0f} MiB\n",
               round.corpus_s + round.compose_s, peak_rss_mib());
  };
  const Round parallel = run_round(work / "store.sqlite", work / "index", workers, now);
  report(parallel, workers);
  if (compare_serial) {
    const Round serial = run_round(work / "serial.sqlite", work / "index", 1, now);
    report(serial, 1);
    const bool same = serial.messages == parallel.messages;
    fmt::print("{} workers vs 1: {:.2f}x faster; the {} queued messages are {}\n", workers,
               serial.compose_s / parallel.compose_s, parallel.messages.size(),
               same ? "identical (apart from Message-ID and MIME boundary)" : "DIFFERENT");
    if (!same) return 1;
  }
  fmt::print("store {:.0f} MiB\n", fs::file_size(work / "store.sqlite") / 1048576.0);
  if (!keep) fs::remove_all(work);
}
