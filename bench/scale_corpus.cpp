// bench/scale_corpus: N papers in the arXiv snapshot format (the Kaggle file's JSON lines) whose
// text reads like arXiv's: each abstract is two or three runs of consecutive sentences taken
// from real abstracts (the bundled hub sample and the snapshot fixture), each title is the head
// of one real title joined to the tail of another, and authors are real names. Shuffled words
// (bench_ingest's workload) give Xapian realistic term statistics but give an embedding model
// noise, which made vector builds look four times cheaper than they are on real vectors.
//
//   build/bench/bench_scale_corpus --papers 1000000 --out FILE [--seed 42] [--shape
//   runs|shared|pool]
//
// --shape shared builds a corpus whose papers share whole sentences with each other, as
// versions, re-posted papers, surveys and templated abstracts do: papers come in families of
// about eight (one base abstract and title, each member replacing or dropping a sentence of it),
// 40 % open with one of 40 stock sentences, and 5 % are surveys stitched from eight families.
// Its vectors fall into tight near-duplicate groups, the worst case for a clustered vector index
// and the case where 8-bit codes cannot order the neighbours (bench/README.md, issue 34).
// --shape pool draws every sentence of an abstract (four to eight) independently from the
// whole pool: each sentence recurs in hundreds of papers, so a paper's nearest neighbours are
// thousands of near-ties spread over the whole space, the worst case for any vector index.
//
// Ids run from 0704.0001 (April 2007) to 2611.NNNNN in submission order, with the monthly volume
// growing as arXiv's has; categories follow arXiv's mix, from cs.LG (common) to math.AG (about
// 1.5 %), so "cat:math.AG from:2024" selects roughly 0.2 % of the papers.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <tuple>
#include <vector>

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

struct Sources {
  std::vector<std::vector<std::string>> abstracts;  // each one's sentences, in order
  std::vector<std::string> titles;
  std::vector<std::string> authors;
};

std::string collapse_space(const std::string& text) {
  std::string out;
  for (char c : text) {
    bool space = c == ' ' || c == '\n' || c == '\t' || c == '\r';
    if (space && (out.empty() || out.back() == ' ')) continue;
    out += space ? ' ' : c;
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

// Splits after ". " when the next word starts upper-case: good enough for abstracts, which
// rarely abbreviate mid-sentence, and it keeps "e.g. the" and "Fig. 3" whole.
std::vector<std::string> sentences_of(const std::string& abstract) {
  std::string text = collapse_space(abstract);
  std::vector<std::string> sentences;
  size_t start = 0;
  for (size_t i = 0; i + 2 < text.size(); ++i) {
    if ((text[i] == '.' || text[i] == '?' || text[i] == '!') && text[i + 1] == ' ' &&
        std::isupper(static_cast<unsigned char>(text[i + 2]))) {
      sentences.push_back(text.substr(start, i + 1 - start));
      start = i + 2;
    }
  }
  if (start < text.size()) sentences.push_back(text.substr(start));
  return sentences;
}

void add_paper(Sources& sources, const std::string& title, const std::string& abstract) {
  auto sentences = sentences_of(abstract);
  if (sentences.size() >= 2) sources.abstracts.push_back(std::move(sentences));
  std::string clean = collapse_space(title);
  if (!clean.empty()) sources.titles.push_back(clean);
}

Sources load_sources(const fs::path& sample_dir, const fs::path& snapshot_fixture) {
  Sources sources;
  for (const auto& entry : fs::directory_iterator(sample_dir)) {
    if (entry.path().extension() != ".json") continue;
    std::ifstream in(entry.path());
    for (const auto& item : json::parse(in)) {
      const auto& paper = item["paper"];
      add_paper(sources, paper.value("title", ""), paper.value("summary", ""));
      for (const auto& author : paper["authors"])
        sources.authors.push_back(author.value("name", ""));
    }
  }
  std::ifstream snapshot(snapshot_fixture);
  for (std::string line; std::getline(snapshot, line);) {
    auto record = json::parse(line);
    add_paper(sources, record.value("title", ""), record.value("abstract", ""));
  }
  std::erase_if(sources.authors, [](const std::string& name) { return name.empty(); });
  return sources;
}

std::vector<std::string> words_of(const std::string& text) {
  std::vector<std::string> words;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find(' ', start);
    if (end == std::string::npos) end = text.size();
    if (end > start) words.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return words;
}

// Two or three runs of one to four consecutive sentences, each run from a random real abstract.
std::vector<std::string> sentence_runs(const Sources& sources, std::mt19937_64& rng) {
  std::uniform_int_distribution<size_t> abstract_pick(0, sources.abstracts.size() - 1);
  std::uniform_int_distribution<int> run_count(2, 3), run_length(1, 4);
  std::vector<std::string> sentences;
  for (int r = run_count(rng); r > 0; --r) {
    const auto& source = sources.abstracts[abstract_pick(rng)];
    size_t length = std::min<size_t>(run_length(rng), source.size());
    size_t start = std::uniform_int_distribution<size_t>(0, source.size() - length)(rng);
    sentences.insert(sentences.end(), source.begin() + static_cast<ptrdiff_t>(start),
                     source.begin() + static_cast<ptrdiff_t>(start + length));
  }
  return sentences;
}

// Four to eight sentences, each from a random abstract.
std::vector<std::string> pooled_sentences(const Sources& sources, std::mt19937_64& rng) {
  std::uniform_int_distribution<size_t> abstract_pick(0, sources.abstracts.size() - 1);
  std::vector<std::string> sentences;
  for (int n = std::uniform_int_distribution<int>(4, 8)(rng); n > 0; --n) {
    const auto& source = sources.abstracts[abstract_pick(rng)];
    sentences.push_back(source[std::uniform_int_distribution<size_t>(0, source.size() - 1)(rng)]);
  }
  return sentences;
}

std::string join_sentences(const std::vector<std::string>& sentences) {
  std::string text;
  for (const auto& s : sentences) text += (text.empty() ? "" : " ") + s;
  return text;
}

// The head of one real title joined to the tail of another.
std::string joined_title(const Sources& sources, std::mt19937_64& rng) {
  std::uniform_int_distribution<size_t> title_pick(0, sources.titles.size() - 1);
  auto head = words_of(sources.titles[title_pick(rng)]),
       tail = words_of(sources.titles[title_pick(rng)]);
  size_t cut_head = std::max<size_t>(1, head.size() / 2), cut_tail = tail.size() / 2;
  std::string title;
  for (size_t w = 0; w < cut_head; ++w) title += (title.empty() ? "" : " ") + head[w];
  for (size_t w = cut_tail; w < tail.size(); ++w) title += " " + tail[w];
  return title;
}

constexpr int64_t kFamilySize = 8;
constexpr size_t kStockOpenings = 40;

// A family's base abstract and title, the same every time the family is drawn.
std::pair<std::vector<std::string>, std::string> family_base(const Sources& sources, uint64_t seed,
                                                             uint64_t family) {
  std::mt19937_64 rng(seed * 0x9E3779B97F4A7C15ULL + family);
  auto sentences = sentence_runs(sources, rng);
  return {sentences, joined_title(sources, rng)};
}

// One paper of the shared shape: a family member (one sentence replaced or dropped, the title
// kept half the time), perhaps opening with a stock sentence, or a survey of eight families.
std::pair<std::string, std::string> shared_paper(const Sources& sources, uint64_t families,
                                                 uint64_t seed, std::mt19937_64& rng) {
  std::uniform_int_distribution<uint64_t> family_pick(0, families - 1);
  std::uniform_real_distribution<double> chance(0, 1);
  std::uniform_int_distribution<size_t> abstract_pick(0, sources.abstracts.size() - 1);
  if (chance(rng) < 0.05) {
    std::vector<std::string> survey;
    for (int f = 0; f < 8; ++f) {
      auto base = family_base(sources, seed, family_pick(rng)).first;
      survey.push_back(base[std::uniform_int_distribution<size_t>(0, base.size() - 1)(rng)]);
    }
    return {join_sentences(survey), joined_title(sources, rng)};
  }
  auto [sentences, title] = family_base(sources, seed, family_pick(rng));
  const double change = chance(rng);
  const size_t at = std::uniform_int_distribution<size_t>(0, sentences.size() - 1)(rng);
  if (change < 0.5) {
    const auto& other = sources.abstracts[abstract_pick(rng)];
    sentences[at] = other[std::uniform_int_distribution<size_t>(0, other.size() - 1)(rng)];
  } else if (change < 0.8 && sentences.size() > 2) {
    sentences.erase(sentences.begin() + static_cast<ptrdiff_t>(at));
  }
  if (chance(rng) < 0.4) {
    // Stock openings: the first sentences of the first kStockOpenings source abstracts.
    const auto& opener = sources.abstracts[std::uniform_int_distribution<size_t>(
        0, std::min(kStockOpenings, sources.abstracts.size()) - 1)(rng)][0];
    sentences.insert(sentences.begin(), opener);
  }
  if (chance(rng) < 0.5) title = joined_title(sources, rng);
  return {join_sentences(sentences), title};
}

// arXiv's primary categories, roughly in the proportions of its listings since 2007.
struct WeightedCategory {
  const char* name;
  double weight;
};
constexpr WeightedCategory kCategories[] = {{"cs.LG", 9},
                                            {"cs.CV", 8},
                                            {"cs.CL", 6},
                                            {"cs.AI", 4},
                                            {"quant-ph", 5},
                                            {"hep-ph", 5},
                                            {"astro-ph.GA", 3},
                                            {"astro-ph.CO", 3},
                                            {"astro-ph.SR", 3},
                                            {"hep-th", 4},
                                            {"cond-mat.mtrl-sci", 4},
                                            {"cond-mat.str-el", 3},
                                            {"cond-mat.mes-hall", 3},
                                            {"gr-qc", 3},
                                            {"math.PR", 2},
                                            {"math.CO", 2},
                                            {"math.AP", 2},
                                            {"math.NT", 1.5},
                                            {"math.AG", 1.5},
                                            {"math.OC", 2},
                                            {"stat.ML", 3},
                                            {"stat.ME", 2},
                                            {"eess.SP", 2},
                                            {"eess.IV", 1.5},
                                            {"cs.RO", 2},
                                            {"cs.CR", 2},
                                            {"cs.IR", 1},
                                            {"cs.DC", 1},
                                            {"cs.NE", 1},
                                            {"physics.optics", 2},
                                            {"physics.flu-dyn", 1},
                                            {"q-bio.NC", 1},
                                            {"econ.EM", 0.5},
                                            {"nucl-th", 1}};

}  // namespace

int main(int argc, char** argv) {
  int64_t papers = 1'000'000;
  uint64_t seed = 42;
  fs::path out_path;
  fs::path root = PAPERBOY_SOURCE_DIR;
  std::string shape = "runs";
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string flag = argv[i], value = argv[i + 1];
    if (flag == "--papers")
      papers = std::stoll(value);
    else if (flag == "--out")
      out_path = value;
    else if (flag == "--seed")
      seed = std::stoull(value);
    else if (flag == "--shape")
      shape = value;
    else {
      fmt::print(
          stderr,
          "unknown option {} (use --papers N --out FILE [--seed S] [--shape runs|shared|pool])\n",
          flag);
      return 2;
    }
  }
  if (out_path.empty() || papers <= 0 ||
      (shape != "runs" && shape != "shared" && shape != "pool")) {
    fmt::print(
        stderr,
        "usage: bench_scale_corpus --papers N --out FILE [--seed S] [--shape runs|shared|pool]\n");
    return 2;
  }
  Sources sources = load_sources(root / "sample/hf-daily",
                                 root / "tests/fixtures/formats/arxiv-snapshot-200.jsonl");
  size_t sentence_count = 0;
  for (const auto& a : sources.abstracts) sentence_count += a.size();
  fmt::print(stderr, "sources: {} abstracts ({} sentences), {} titles, {} author names\n",
             sources.abstracts.size(), sentence_count, sources.titles.size(),
             sources.authors.size());

  std::vector<double> weights;
  for (const auto& c : kCategories) weights.push_back(c.weight);
  std::mt19937_64 rng(seed);
  std::discrete_distribution<size_t> category(weights.begin(), weights.end());
  std::uniform_int_distribution<size_t> author_pick(0, sources.authors.size() - 1);
  const uint64_t families = std::max<int64_t>(1, papers / kFamilySize);
  std::uniform_int_distribution<int> author_count(1, 8), extra_categories(0, 2),
      version_count(1, 3), day(1, 28), comment_kind(0, 3), pages(4, 40);
  static const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

  // Months from 2007-04 to 2026-11; the monthly volume grows linearly, as arXiv's roughly has,
  // so paper i falls in the month where the cumulative share reaches i / N.
  const int months = (2026 - 2007) * 12 + (11 - 4) + 1;
  auto month_of = [&](int64_t i) {
    double share = (i + 0.5) / papers;  // cumulative share of a linear ramp is quadratic
    double m = (-1 + std::sqrt(1 + 8 * share * (months * (months + 1) / 2.0))) / 2;
    return std::min(months - 1, static_cast<int>(m));
  };

  std::ofstream out(out_path);
  int previous_month = -1;
  int64_t number_in_month = 0;
  for (int64_t i = 0; i < papers; ++i) {
    int m = month_of(i);
    number_in_month = m == previous_month ? number_in_month + 1 : 1;
    previous_month = m;
    int year = 2007 + (3 + m) / 12, month = (3 + m) % 12 + 1;
    std::string id = year * 100 + month < 201501
                         ? fmt::format("{:02}{:02}.{:04}", year % 100, month, number_in_month)
                         : fmt::format("{:02}{:02}.{:05}", year % 100, month, number_in_month);

    std::string abstract, title;
    if (shape == "runs") {
      abstract = join_sentences(sentence_runs(sources, rng));
      title = joined_title(sources, rng);
    } else if (shape == "pool") {
      abstract = join_sentences(pooled_sentences(sources, rng));
      title = joined_title(sources, rng);
    } else {
      std::tie(abstract, title) = shared_paper(sources, families, seed, rng);
    }

    json authors_parsed = json::array();
    std::string authors;
    for (int a = author_count(rng); a > 0; --a) {
      const std::string& name = sources.authors[author_pick(rng)];
      auto space = name.rfind(' ');
      authors_parsed.push_back({space == std::string::npos ? name : name.substr(space + 1),
                                space == std::string::npos ? "" : name.substr(0, space), ""});
      authors += (authors.empty() ? "" : ", ") + name;
    }
    std::string categories = kCategories[category(rng)].name;
    for (int c = extra_categories(rng); c > 0; --c) {
      std::string extra = kCategories[category(rng)].name;
      if (categories.find(extra) == std::string::npos) categories += " " + extra;
    }
    json versions = json::array();
    for (int k = 0, n = version_count(rng); k < n; ++k) {
      int v_month = (month - 1 + k) % 12, v_year = year + (month - 1 + k) / 12;
      versions.push_back({{"version", fmt::format("v{}", k + 1)},
                          {"created", fmt::format("Mon, {} {} {} 10:00:00 GMT", day(rng),
                                                  kMonths[v_month], v_year)}});
    }
    int kind = comment_kind(rng);
    json comments =
        kind == 0 ? json(nullptr) : json(fmt::format("{} pages, {} figures", pages(rng), kind + 1));
    json record = {{"id", id},
                   {"submitter", authors_parsed[0][1].get<std::string>() + " " +
                                     authors_parsed[0][0].get<std::string>()},
                   {"authors", authors},
                   {"title", title},
                   {"comments", comments},
                   {"journal-ref", nullptr},
                   {"doi", nullptr},
                   {"categories", categories},
                   {"license", nullptr},
                   {"abstract", abstract},
                   {"versions", versions},
                   {"update_date", fmt::format("{}-{:02}-{:02}", year, month, 28)},
                   {"authors_parsed", authors_parsed}};
    out << record.dump() << '\n';
  }
  if (!out.flush()) {
    fmt::print(stderr, "could not write {}\n", out_path.string());
    return 1;
  }
  return 0;
}
