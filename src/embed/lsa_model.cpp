#include "embed/lsa_model.h"

#include <fmt/format.h>
#include <sodium.h>
#include <xapian.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <unordered_set>

#include "core/text_normalise.h"

namespace paperboy {
namespace {

namespace fs = std::filesystem;
// 001: LSA only; 002 adds a byte for the kind after the sizes.
constexpr char kMagicV1[8] = {'P', 'B', 'L', 'S', 'A', '0', '0', '1'};
constexpr char kMagic[8] = {'P', 'B', 'L', 'S', 'A', '0', '0', '2'};

// Function words carry no topic; the same list Lucene and BM25 baselines use, plus a few
// words every abstract has.
const std::unordered_set<std::string_view>& stop_words() {
  static const std::unordered_set<std::string_view> words = {
      "a",     "an",    "and",  "are",   "as",      "at",   "be",   "but",  "by",   "for",  "if",
      "in",    "into",  "is",   "it",    "no",      "not",  "of",   "on",   "or",   "such", "that",
      "the",   "their", "then", "there", "these",   "they", "this", "to",   "was",  "will", "with",
      "we",    "our",   "can",  "which", "from",    "has",  "have", "been", "also", "its",  "than",
      "using", "use",   "used", "both",  "between", "show", "paper"};
  return words;
}

// A title's words say more about a paper than an abstract's; counted twice.
constexpr int kTitleWeight = 2;

void count_terms(std::string_view text, int weight, std::unordered_map<uint32_t, float>& counts,
                 const std::unordered_map<std::string, uint32_t>& ids) {
  for (const auto& term : lsa_terms(text)) {
    auto found = ids.find(term);
    if (found != ids.end()) counts[found->second] += static_cast<float>(weight);
  }
}

}  // namespace

std::vector<std::string> lsa_terms(std::string_view text) {
  thread_local Xapian::Stem stemmer("english");
  std::vector<std::string> terms;
  std::string normalised = normalise_for_index(text);
  std::string word;
  auto flush = [&] {
    if (word.size() >= 2 && !stop_words().contains(word) &&
        !std::all_of(word.begin(), word.end(),
                     [](char c) { return std::isdigit(static_cast<unsigned char>(c)); })) {
      terms.push_back(stemmer(word));
    }
    word.clear();
  };
  for (char c : normalised) {
    auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) || u >= 0x80) {
      word += static_cast<char>(std::tolower(u));
    } else {
      flush();
    }
  }
  flush();
  return terms;
}

LsaModel::LsaModel(std::vector<std::string> terms, std::vector<float> idf,
                   std::vector<float> projection, size_t dimension, Kind kind)
    : terms_(std::move(terms)),
      idf_(std::move(idf)),
      projection_(std::move(projection)),
      kind_(kind) {
  term_ids_.reserve(terms_.size());
  for (uint32_t i = 0; i < terms_.size(); ++i) term_ids_.emplace(terms_[i], i);
  info_.dimension = dimension;
  set_id();
}

// The id digests the model's numbers, so the same corpus and seed give the same id and any
// retraining that changes a weight gives a new one (and so a re-embedding).
void LsaModel::set_id() {
  crypto_generichash_state state;
  crypto_generichash_init(&state, nullptr, 0, 16);
  for (const auto& term : terms_) {
    crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(term.data()),
                              term.size() + 1);
  }
  crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(idf_.data()),
                            idf_.size() * 4);
  crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(projection_.data()),
                            projection_.size() * 4);
  unsigned char digest[16];
  crypto_generichash_final(&state, digest, sizeof digest);
  std::string hex;
  for (unsigned char byte : digest) hex += fmt::format("{:02x}", byte);
  const bool contrastive = kind_ == Kind::contrastive;
  info_.id = (contrastive ? "builtin-contrastive@" : "builtin-lsa@") + hex;
  info_.description =
      fmt::format("built-in {} model ({} terms, {} dimensions)",
                  contrastive ? "contrastive word" : "LSA", terms_.size(), info_.dimension);
}

void LsaModel::embed_text(std::string_view title, std::string_view abstract, float* out) const {
  const size_t dim = info_.dimension;
  std::fill(out, out + dim, 0.0f);
  std::unordered_map<uint32_t, float> counts;
  count_terms(title, kTitleWeight, counts, term_ids_);
  count_terms(abstract, 1, counts, term_ids_);
  double norm = 0;
  for (auto& [term, count] : counts) {
    count = (1.0f + std::log(count)) * idf_[term];  // sublinear term frequency × idf
    norm += static_cast<double>(count) * count;
  }
  if (norm <= 0) return;
  const auto scale = static_cast<float>(1.0 / std::sqrt(norm));
  for (const auto& [term, weight] : counts) {
    const float* row = projection_.data() + static_cast<size_t>(term) * dim;
    for (size_t j = 0; j < dim; ++j) out[j] += weight * scale * row[j];
  }
}

Result<std::vector<float>> LsaModel::embed_documents(std::span<const DocumentText> docs) const {
  std::vector<float> out(docs.size() * info_.dimension);
  for (size_t i = 0; i < docs.size(); ++i)
    embed_text(docs[i].title, docs[i].abstract, out.data() + i * info_.dimension);
  normalise_rows(out, info_.dimension);
  return out;
}

Result<std::vector<float>> LsaModel::embed_query(std::string_view query) const {
  std::vector<float> out(info_.dimension);
  embed_text("", query, out.data());
  normalise_rows(out, info_.dimension);
  return out;
}

Status LsaModel::save(const fs::path& file) const {
  const fs::path temporary = file.string() + ".tmp";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    if (!out) return Error{fmt::format("{}: cannot write", temporary.string())};
    auto put = [&](const void* data, size_t bytes) {
      out.write(static_cast<const char*>(data), static_cast<std::streamsize>(bytes));
    };
    const uint64_t counts[2] = {terms_.size(), info_.dimension};
    put(kMagic, sizeof kMagic);
    put(counts, sizeof counts);
    const auto kind = static_cast<uint8_t>(kind_);
    put(&kind, 1);
    for (const auto& term : terms_) {
      const uint32_t length = static_cast<uint32_t>(term.size());
      put(&length, 4);
      put(term.data(), term.size());
    }
    put(idf_.data(), idf_.size() * 4);
    put(projection_.data(), projection_.size() * 4);
    out.flush();
    if (!out) return Error{fmt::format("{}: write failed (disk full?)", temporary.string())};
  }
  std::error_code ec;
  fs::rename(temporary, file, ec);
  if (ec) return Error{fmt::format("{}: {}", file.string(), ec.message())};
  return {};
}

Result<std::unique_ptr<LsaModel>> LsaModel::load(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in)
    return Error{
        fmt::format("{}: cannot read the built-in model (train it with `paperboy model train`)",
                    file.string())};
  auto bad = [&](const char* what) {
    return Error{
        fmt::format("{}: not a built-in model file ({}); retrain with `paperboy model train`",
                    file.string(), what)};
  };
  char magic[8];
  uint64_t counts[2];
  if (!in.read(magic, 8)) return bad("wrong magic");
  const bool v1 = std::equal(magic, magic + 8, kMagicV1);
  if (!v1 && !std::equal(magic, magic + 8, kMagic)) return bad("wrong magic");
  if (!in.read(reinterpret_cast<char*>(counts), sizeof counts)) return bad("truncated header");
  uint8_t kind = 0;
  if (!v1 && !in.read(reinterpret_cast<char*>(&kind), 1)) return bad("truncated header");
  if (kind > static_cast<uint8_t>(Kind::contrastive)) return bad("unknown kind");
  const uint64_t term_count = counts[0], dimension = counts[1];
  if (term_count == 0 || term_count > 50'000'000 || dimension == 0 || dimension > 4096)
    return bad("bad sizes");
  std::vector<std::string> terms(term_count);
  for (auto& term : terms) {
    uint32_t length = 0;
    if (!in.read(reinterpret_cast<char*>(&length), 4) || length > 1000)
      return bad("truncated terms");
    term.resize(length);
    if (!in.read(term.data(), length)) return bad("truncated terms");
  }
  std::vector<float> idf(term_count), projection(term_count * dimension);
  if (!in.read(reinterpret_cast<char*>(idf.data()), static_cast<std::streamsize>(idf.size() * 4)) ||
      !in.read(reinterpret_cast<char*>(projection.data()),
               static_cast<std::streamsize>(projection.size() * 4))) {
    return bad("truncated weights");
  }
  return std::make_unique<LsaModel>(std::move(terms), std::move(idf), std::move(projection),
                                    dimension, static_cast<Kind>(kind));
}

}  // namespace paperboy
