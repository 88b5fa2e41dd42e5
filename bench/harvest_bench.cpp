// How long a harvest takes on our side: a local OAI-PMH server replays arXiv-format pages of
// 3,500 records (the page size of arXiv's current server, RECORDS_LIMIT in arXiv/oaipmh), and
// `paperboy harvest arxiv --no-index --delay 0` fetches, parses and stores them. Prints the
// workload, the median of the runs, and what a harvest costs at arXiv's pace (3 s apart).
#include <fmt/format.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "../tests/harvest/oai_pages.h"
#include "../tests/harvest/replay_server.h"

extern char** environ;

namespace {

constexpr int kPerPage = 3500;

std::string page_body(int page, int pages) {
  std::vector<paperboy::testing::OaiTestRecord> records;
  for (int i = 0; i < kPerPage; ++i) {
    paperboy::testing::OaiTestRecord r;
    int n = page * kPerPage + i + 1;
    r.id = fmt::format("{}.{:05}", 2301 + n / 90000, n % 90000 + 1);
    r.title = fmt::format("A study of sparse attention and graph kernels, part {}", n);
    records.push_back(r);
  }
  return paperboy::testing::oai_page(
      records, page + 1 < pages ? paperboy::testing::arxiv_token(page + 1) : "");
}

}  // namespace

int main(int argc, char** argv) {
  int pages = argc > 1 ? std::stoi(argv[1]) : 20;
  int runs = argc > 2 ? std::stoi(argv[2]) : 3;
  std::vector<std::string> bodies;
  for (int p = 0; p < pages; ++p) bodies.push_back(page_body(p, pages));
  paperboy::testing::ReplayServer oai(
      [&](const httplib::Request& request, httplib::Response& response) {
        int page = 0;
        for (int k = 1; k < pages; ++k) {
          if (request.get_param_value("resumptionToken") == paperboy::testing::arxiv_token(k))
            page = k;
        }
        // Served as octet-stream so cpp-httplib does not brotli-compress 4 MiB per request: the
        // figure is paperboy's work, not the replay server's.
        response.set_content(bodies[page], "application/octet-stream");
      });
  fmt::print(
      "workload: {} pages x {} records ({:.1f} MiB of XML per page), arXiv format, replayed on "
      "127.0.0.1;\n"
      "          paperboy harvest arxiv --no-index --delay 0 into a fresh data directory, {} "
      "runs\n",
      pages, kPerPage, bodies[0].size() / 1048576.0, runs);
  std::vector<double> seconds;
  long peak_kib = 0;
  for (int run = 0; run < runs; ++run) {
    auto data =
        std::filesystem::temp_directory_path() / fmt::format("paperboy-harvest-bench-{}", run);
    std::filesystem::remove_all(data);
    std::vector<std::string> args = {PAPERBOY_BINARY,
                                     "--data",
                                     data.string(),
                                     "harvest",
                                     "arxiv",
                                     "--set",
                                     "cs",
                                     "--base-url",
                                     oai.url("/oai"),
                                     "--contact",
                                     "bench@example.org",
                                     "--delay",
                                     "0",
                                     "--no-index",
                                     "-q"};
    std::vector<char*> argv_c;
    for (auto& a : args) argv_c.push_back(a.data());
    argv_c.push_back(nullptr);
    auto start = std::chrono::steady_clock::now();
    pid_t pid;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn(&pid, argv_c[0], &actions, nullptr, argv_c.data(), environ);
    int status = 0;
    rusage usage{};
    wait4(pid, &status, 0, &usage);
    seconds.push_back(
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    peak_kib = std::max(peak_kib, usage.ru_maxrss);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
      fmt::print(stderr, "harvest failed (status {})\n", status);
      return 1;
    }
    std::filesystem::remove_all(data);
  }
  std::sort(seconds.begin(), seconds.end());
  double median = seconds[seconds.size() / 2];
  double records = static_cast<double>(pages) * kPerPage;
  double per_page = median / pages;
  fmt::print(
      "median {:.2f} s ({:.2f}–{:.2f}): {:.0f} records/s, {:.2f} s per page of our own work, peak "
      "RSS {:.1f} MiB\n",
      median, seconds.front(), seconds.back(), records / median, per_page, peak_kib / 1024.0);
  fmt::print(
      "at arXiv's pace (3 s between requests), per 3,500-record page: {:.2f} s + arXiv's own "
      "response time\n",
      3.0 + per_page);
  return 0;
}
