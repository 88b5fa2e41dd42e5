// bench/ingest: ingest and index throughput, and peak memory, on generated arXiv-snapshot
// files. Papers are drawn from the bundled sample's own vocabulary (words at their observed
// frequencies, real author names), so text length and term statistics are realistic.
//
//   build/bench/bench_ingest [--sizes 50000,200000] [--commit-every 1000] [--sample DIR]
//                            [--paperboy BIN] [--work DIR] [--keep]
//
// For each size it runs, as child processes, `paperboy ingest --no-index` then `paperboy index`
// on a fresh data directory and reports wall time, papers/s and peak RSS of each phase.
#include <fmt/format.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "sample_vocabulary.h"

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

void write_snapshot(const fs::path& path, const Vocabulary& v, int papers) {
  static const std::vector<std::string> kCategories = {
      "cs.LG", "cs.CL",   "cs.CV",   "cs.AI",      "stat.ML",  "cs.RO",
      "cs.IR", "math.OC", "eess.AS", "cs.NE",      "q-bio.NC", "physics.comp-ph",
      "cs.DC", "cs.CR",   "hep-th",  "astro-ph.GA"};
  static const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  std::mt19937_64 rng(42);
  std::uniform_int_distribution<int> title_len(6, 14), abstract_len(120, 220), author_count(1, 8),
      category_count(1, 3), version_count(1, 3), day(1, 28);
  std::uniform_int_distribution<size_t> author(0, v.authors.size() - 1),
      category(0, kCategories.size() - 1);
  std::ofstream out(path);
  for (int i = 0; i < papers; ++i) {
    int yymm = 2001 + (i / 90000) % 12 + (i / 1080000) * 100;
    json authors_parsed = json::array();
    int n_authors = author_count(rng);
    for (int a = 0; a < n_authors; ++a) {
      const std::string& name = v.authors[author(rng)];
      auto space = name.rfind(' ');
      authors_parsed.push_back({space == std::string::npos ? name : name.substr(space + 1),
                                space == std::string::npos ? "" : name.substr(0, space), ""});
    }
    std::string categories;
    for (int c = category_count(rng); c > 0; --c)
      categories += (categories.empty() ? "" : " ") + kCategories[category(rng)];
    json versions = json::array();
    int month = yymm % 100;
    for (int k = 1, n = version_count(rng); k <= n; ++k) {
      versions.push_back({{"version", fmt::format("v{}", k)},
                          {"created", fmt::format("Mon, {} {} 20{} 10:00:00 GMT", day(rng),
                                                  kMonths[(month - 1 + k - 1) % 12], yymm / 100)}});
    }
    json record = {{"id", fmt::format("{:04}.{:05}", yymm, i % 90000)},
                   {"submitter", "bench"},
                   {"authors", ""},
                   {"title", words(v, rng, title_len(rng))},
                   {"comments", nullptr},
                   {"journal-ref", nullptr},
                   {"doi", nullptr},
                   {"categories", categories},
                   {"license", nullptr},
                   {"abstract", words(v, rng, abstract_len(rng))},
                   {"versions", versions},
                   {"update_date", "2024-01-01"},
                   {"authors_parsed", authors_parsed}};
    out << record.dump() << '\n';
  }
}

struct RunFigures {
  double seconds = 0;
  long peak_rss_kib = 0;
  int status = -1;
};

RunFigures run(const std::vector<std::string>& args) {
  std::fflush(stdout);
  auto start = std::chrono::steady_clock::now();
  pid_t pid = fork();
  if (pid == 0) {
    std::vector<char*> argv;
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    freopen("/dev/null", "w", stdout);  // keep the figures table clean
    execv(argv[0], argv.data());
    _exit(127);
  }
  int status = 0;
  struct rusage usage {};
  wait4(pid, &status, 0, &usage);
  RunFigures figures;
  figures.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  figures.peak_rss_kib = usage.ru_maxrss;
  figures.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return figures;
}

}  // namespace

int main(int argc, char** argv) {
  fs::path root = fs::path(PAPERBOY_SOURCE_DIR);
  std::vector<int> sizes = {50000, 200000};
  fs::path sample = root / "sample/hf-daily";
  std::string paperboy = PAPERBOY_BINARY;
  fs::path work = fs::temp_directory_path() / "paperboy-bench-ingest";
  std::string commit_every = "1000";
  bool keep = false;  // leave the data directories (for bench/http.sh)
  for (int i = 1; i < argc; i += 2) {
    std::string flag = argv[i];
    if (flag == "--keep") {
      keep = true;
      --i;
      continue;
    }
    if (i + 1 >= argc) {
      fmt::print(stderr, "{} needs a value\n", flag);
      return 2;
    }
    std::string value = argv[i + 1];
    if (flag == "--sizes") {
      sizes.clear();
      std::istringstream list(value);
      for (std::string n; std::getline(list, n, ',');) sizes.push_back(std::stoi(n));
    } else if (flag == "--sample") {
      sample = value;
    } else if (flag == "--paperboy") {
      paperboy = value;
    } else if (flag == "--commit-every") {
      commit_every = value;
    } else if (flag == "--work") {
      work = value;
    } else {
      fmt::print(stderr, "unknown option {}\n", flag);
      return 2;
    }
  }
  fs::remove_all(work);
  fs::create_directories(work);
  Vocabulary vocabulary = load_vocabulary(sample);
  fmt::print(
      "workload: arXiv-snapshot JSON lines generated from {} ({} word tokens, {} author names);\n"
      "          titles 6-14 words, abstracts 120-220 words, 1-8 authors, 1-3 categories, seed 42\n"
      "machine:  {} cores; paperboy ingest --no-index --batch 1000, then paperboy index "
      "--commit-every {}\n\n",
      sample.string(), vocabulary.words.size(), vocabulary.authors.size(),
      std::thread::hardware_concurrency(), commit_every);
  fmt::print("{:>8} {:>9} | {:>9} {:>9} {:>9} | {:>9} {:>9} {:>9} | {:>9}\n", "papers", "file MiB",
             "ingest s", "papers/s", "RSS MiB", "index s", "papers/s", "RSS MiB", "total/s");
  for (int size : sizes) {
    fs::path file = work / fmt::format("snapshot-{}.jsonl", size);
    write_snapshot(file, vocabulary, size);
    fs::path data = work / fmt::format("data-{}", size);
    RunFigures ingest =
        run({paperboy, "--data", data.string(), "ingest", "-q", "--no-index", file.string()});
    RunFigures index =
        run({paperboy, "--data", data.string(), "index", "-q", "--commit-every", commit_every});
    if (ingest.status != 0 || index.status != 0) {
      fmt::print(stderr, "paperboy failed (ingest exit {}, index exit {})\n", ingest.status,
                 index.status);
      return 1;
    }
    fmt::print(
        "{:>8} {:>9.1f} | {:>9.1f} {:>9.0f} {:>9.1f} | {:>9.1f} {:>9.0f} {:>9.1f} | {:>9.0f}\n",
        size, fs::file_size(file) / 1048576.0, ingest.seconds, size / ingest.seconds,
        ingest.peak_rss_kib / 1024.0, index.seconds, size / index.seconds,
        index.peak_rss_kib / 1024.0, size / (ingest.seconds + index.seconds));
    fs::remove(file);
  }
  if (!keep) fs::remove_all(work);
  return 0;
}
