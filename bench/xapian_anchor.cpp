// bench_xapian_anchor: paperboy's lexical search against raw Xapian on the same index and the
// same queries, one right after the other in one process, so the share paperboy's own work adds
// (spelling, acronyms, names, query building, excerpts' source) is measured, not guessed.
//
//   build/bench/bench_xapian_anchor INDEX_DIR QUERY_FILE... [--limit 20] [--rounds 2]
//                                   [--mode lexical|hybrid|semantic] [--server http://HOST:PORT]
//                                   [--slowest N]
//
// INDEX_DIR is a data directory's index/ (it holds the `lexical` link). Each QUERY_FILE has one
// query per line. Raw Xapian: the query parsed by the same parser settings (make_word_parser:
// stop list, stems, OR), BM25 with the same parameters, the same 1,000-match count window, and
// each hit's document data read (the paper's key, as the server needs). paperboy:
// search_papers in lexical mode (or `--mode`, with the data directory's model and vectors), as
// the API runs it. Both on one thread. Each round runs every
// query once on each side, alternating query by query; a warm-up pass over every query comes
// first, so both read a page cache the other has filled. With `--server` (a `paperboy serve` of
// the same data directory), a third side asks it `/api/papers/search` over HTTP, one connection
// per request as scale.py does, right after the other two: the server against raw Xapian
// measured in the same minute, which a machine whose speed drifts between runs requires.
#include <fmt/format.h>
#include <httplib.h>
#include <xapian.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "index/hybrid_search.h"
#include "index/lexical_index.h"
#include "index/model_catalog.h"
#include "index/query_builder.h"
#include "index/vector_index.h"

namespace {

using paperboy::LexicalIndex;

struct Options {
  std::filesystem::path index_dir;
  std::vector<std::filesystem::path> query_files;
  size_t limit = 20;
  int rounds = 2;
  std::string mode = "lexical";
  std::string server;  // "http://127.0.0.1:8080", or empty for no HTTP side
  size_t slowest = 0;  // list this many of paperboy's slowest queries of the last round
};

// The query as a URL parameter value.
std::string percent_encoded(const std::string& text) {
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += fmt::format("%{:02X}", c);
    }
  }
  return out;
}

double percentile(std::vector<double> ms, double p) {
  if (ms.empty()) return 0;
  std::sort(ms.begin(), ms.end());
  return ms[std::min(ms.size() - 1, static_cast<size_t>(p * static_cast<double>(ms.size())))];
}

template <typename F>
double time_ms(F&& f) {
  auto start = std::chrono::steady_clock::now();
  f();
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
      .count();
}

class RawXapian {
 public:
  explicit RawXapian(const std::filesystem::path& lexical)
      : db_(lexical.string()), parser_(paperboy::make_word_parser()) {
    parser_.set_database(db_);
  }
  size_t search(const std::string& text, size_t limit) {
    Xapian::Enquire enquire(db_);
    enquire.set_query(parser_.parse_query(text, Xapian::QueryParser::FLAG_DEFAULT));
    const paperboy::Bm25Params bm25;
    enquire.set_weighting_scheme(Xapian::BM25Weight(bm25.k1, 0, 1, bm25.b, 0.5));
    Xapian::MSet mset =
        enquire.get_mset(0, static_cast<Xapian::doccount>(limit), paperboy::kMaxResultWindow);
    size_t bytes = 0;
    for (auto it = mset.begin(); it != mset.end(); ++it)
      bytes += it.get_document().get_data().size();
    return bytes;
  }
  Xapian::doccount documents() const { return db_.get_doccount(); }

 private:
  Xapian::Database db_;
  Xapian::QueryParser parser_;
};

std::vector<std::string> read_queries(const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in) {
    fmt::print(stderr, "cannot read {}\n", file.string());
    std::exit(2);
  }
  std::vector<std::string> out;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) out.push_back(line);
  }
  return out;
}

Options parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--limit" && i + 1 < argc) {
      o.limit = std::strtoul(argv[++i], nullptr, 10);
    } else if (arg == "--mode" && i + 1 < argc) {
      o.mode = argv[++i];
    } else if (arg == "--server" && i + 1 < argc) {
      o.server = argv[++i];
    } else if (arg == "--slowest" && i + 1 < argc) {
      o.slowest = std::strtoul(argv[++i], nullptr, 10);
    } else if (arg == "--rounds" && i + 1 < argc) {
      o.rounds = std::atoi(argv[++i]);
    } else if (o.index_dir.empty()) {
      o.index_dir = arg;
    } else {
      o.query_files.emplace_back(arg);
    }
  }
  if (o.index_dir.empty() || o.query_files.empty() || o.rounds < 1 || o.limit < 1 ||
      !paperboy::parse_search_mode(o.mode)) {
    fmt::print(stderr,
               "usage: bench_xapian_anchor INDEX_DIR QUERY_FILE... [--limit 20] [--rounds 2] "
               "[--mode lexical|hybrid|semantic] [--server http://HOST:PORT] [--slowest N]\n");
    std::exit(2);
  }
  return o;
}

// Where the tail is: paperboy's slowest queries, with raw Xapian's time for each and whether
// the block-max postings ranked it (an OR of words) or Xapian did (phrases, acronyms, syntax).
void print_slowest(LexicalIndex& index, const std::vector<std::string>& queries,
                   const std::vector<double>& ours, const std::vector<double>& raw, size_t n) {
  std::vector<size_t> order(queries.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return ours[a] > ours[b]; });
  fmt::print("\nslowest (paperboy ms, raw ms, ranked by):\n");
  for (size_t k = 0; k < std::min(n, order.size()); ++k) {
    const size_t i = order[k];
    auto built = index.parse({queries[i], false, 0, 20});
    const bool block_max = index.has_block_max() && built.ok() && built->ranked_terms;
    fmt::print("  {:8.2f} {:8.2f} {:9} {}\n", ours[i], raw[i], block_max ? "block-max" : "Xapian",
               queries[i]);
  }
}

int run(int argc, char** argv) {
  Options options = parse(argc, argv);
  auto index = LexicalIndex::open(options.index_dir);
  if (!index) {
    fmt::print(stderr, "{}\n", index.error().message);
    return 1;
  }
  RawXapian raw(options.index_dir / "lexical");
  const paperboy::SearchMode mode = *paperboy::parse_search_mode(options.mode);
  std::unique_ptr<paperboy::Embedder> model;
  std::shared_ptr<const paperboy::VectorIndex> vectors;
  if (mode != paperboy::SearchMode::lexical) {
    auto loaded = paperboy::ModelCatalog(options.index_dir.parent_path()).load_active();
    auto opened = paperboy::VectorIndex::open(options.index_dir);
    if (!loaded || !opened) {
      fmt::print(stderr, "{} needs the data directory's model and vector index: {}\n", options.mode,
                 !loaded ? loaded.error().message : opened.error().message);
      return 1;
    }
    model = std::move(*loaded);
    vectors = std::move(*opened);
  }
  const paperboy::SemanticSide semantic{vectors.get(), model.get()};
  if (mode != paperboy::SearchMode::lexical && !semantic.usable()) {
    fmt::print(stderr, "the vector index ({}) is not the model's ({})\n", vectors->state().model_id,
               model->info().id);
    return 1;
  }
  fmt::print(
      "workload: {} papers in {}; top {} of a 1,000-match window; paperboy in {} mode; 1 thread; "
      "Xapian {}\n",
      raw.documents(), options.index_dir.string(), options.limit, options.mode,
      Xapian::version_string());
  fmt::print(
      "| queries | side | round | p50 ms | p99 ms | mean ms |\n| --- | --- | --- | --- | --- | --- "
      "|\n");
  for (const auto& file : options.query_files) {
    const std::vector<std::string> queries = read_queries(file);
    auto paperboy_search = [&](const std::string& q) {
      paperboy::SearchRequest request{q, false, 0, options.limit};
      auto found = paperboy::search_papers(*index, semantic, request, mode);
      if (!found) {
        fmt::print(stderr, "paperboy: {}: {}\n", q, found.error().message);
      } else if (found->mode != options.mode) {
        fmt::print(stderr, "paperboy searched {} in {} mode, not {}\n", q, found->mode,
                   options.mode);
      }
    };
    for (const auto& q : queries) {  // warm-up: both sides read every block they will need
      raw.search(q, options.limit);
      paperboy_search(q);
    }
    // The server's side: a fresh connection per request, as scale.py's rows are measured.
    auto server_search = [&](const std::string& q) {
      httplib::Client client(options.server);
      client.set_read_timeout(60);
      auto answer = client.Get(fmt::format("/api/papers/search?limit={}&mode={}&q={}",
                                           options.limit, options.mode, percent_encoded(q)));
      if (!answer || answer->status != 200) {
        fmt::print(
            stderr, "server: {}: {}\n", q,
            answer ? fmt::format("HTTP {}", answer->status) : httplib::to_string(answer.error()));
      }
    };
    if (!options.server.empty()) {
      for (const auto& q : queries) server_search(q);
    }
    auto mean = [](const std::vector<double>& v) {
      double sum = 0;
      for (double x : v) sum += x;
      return sum / static_cast<double>(v.size());
    };
    const std::string name = fmt::format("{} ({})", file.filename().string(), queries.size());
    auto row = [&](const std::string& side, int round, const std::vector<double>& ms) {
      fmt::print("| {} | {} | {} | {:.2f} | {:.2f} | {:.2f} |\n", name, side, round,
                 percentile(ms, 0.5), percentile(ms, 0.99), mean(ms));
    };
    auto ratio = [&](const std::string& side, int round, const std::vector<double>& ms,
                     const std::vector<double>& base) {
      fmt::print("| {} | {} | {} | {:.2f}x | {:.2f}x | {:.2f}x |\n", name, side, round,
                 percentile(ms, 0.5) / percentile(base, 0.5),
                 percentile(ms, 0.99) / percentile(base, 0.99), mean(ms) / mean(base));
    };
    for (int round = 1; round <= options.rounds; ++round) {
      std::vector<double> raw_ms, ours_ms, server_ms;
      for (const auto& q : queries) {
        raw_ms.push_back(time_ms([&] { raw.search(q, options.limit); }));
        ours_ms.push_back(time_ms([&] { paperboy_search(q); }));
        if (!options.server.empty()) server_ms.push_back(time_ms([&] { server_search(q); }));
      }
      row("raw Xapian", round, raw_ms);
      row("paperboy", round, ours_ms);
      ratio("paperboy / raw", round, ours_ms, raw_ms);
      if (!options.server.empty()) {
        row("server (HTTP)", round, server_ms);
        ratio("server / raw", round, server_ms, raw_ms);
      }
      if (round == options.rounds && options.slowest > 0)
        print_slowest(*index, queries, ours_ms, raw_ms, options.slowest);
    }
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const Xapian::Error& e) {
    fmt::print(stderr, "{}\n", e.get_description());
  } catch (const std::exception& e) {
    fmt::print(stderr, "{}\n", e.what());
  }
  return 1;
}
