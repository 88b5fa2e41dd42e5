// The vector index over a real store: incremental updates, withdrawals, model changes, the
// HNSW kinds, similar papers and hybrid search's filters. The embedder is a small stand-in
// (hashed words), so these tests are about the index, not about a model's quality.
#include "index/vector_index.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <optional>
#include <random>
#include <set>

#include "embed/lsa_model.h"
#include "index/hybrid_search.h"
#include "index/ivf_build.h"
#include "index/vector_writer.h"
#include "index_fixture.h"

namespace paperboy {
namespace {

namespace fs = std::filesystem;

class HashedWordsEmbedder : public Embedder {
 public:
  explicit HashedWordsEmbedder(std::string id) { info_ = {std::move(id), 32, "hashed words"}; }
  const EmbeddingModelInfo& info() const override { return info_; }
  Result<std::vector<float>> embed_documents(std::span<const DocumentText> docs) const override {
    std::vector<float> out;
    for (const auto& doc : docs)
      append(std::string(doc.title) + " " + std::string(doc.abstract), out);
    return out;
  }
  Result<std::vector<float>> embed_query(std::string_view query) const override {
    std::vector<float> out;
    append(std::string(query), out);
    return out;
  }
  mutable int documents_embedded = 0;

 private:
  void append(const std::string& text, std::vector<float>& out) const {
    std::vector<float> v(32, 0.0f);
    for (const auto& word : lsa_terms(text)) {
      std::mt19937 random(static_cast<uint32_t>(std::hash<std::string>{}(word)));
      std::normal_distribution<float> gaussian;
      for (float& x : v) x += gaussian(random);
    }
    normalise_rows(v, 32);
    out.insert(out.end(), v.begin(), v.end());
    ++documents_embedded;
  }
  EmbeddingModelInfo info_;
};

class VectorIndexTest : public testing::IndexFixture {
 protected:
  void add_topics(int count) {
    const char* topics[] = {
        "graph neural networks for molecules", "quantisation of large language models",
        "diffusion models for image synthesis", "reinforcement learning for robots"};
    for (int i = 1; i <= count; ++i) {
      Paper paper = testing::make_paper(fmt::format("2401.{:05}", i),
                                        topics[i % 4] + std::string(" part") + std::to_string(i));
      paper.categories = {i % 2 ? "cs.LG" : "cs.CV"};
      add(paper);
    }
  }
  VectorIndexUpdate update(const Embedder& embedder, VectorIndexOptions options = {}) {
    auto done = update_vector_index(*store_, dir_ / "index", embedder, options);
    EXPECT_TRUE(done.ok()) << done.error().message;
    return done.ok() ? *done : VectorIndexUpdate{};
  }
  std::shared_ptr<const VectorIndex> open() {
    auto index = VectorIndex::open(dir_ / "index");
    EXPECT_TRUE(index.ok()) << index.error().message;
    return index.ok() ? *index : nullptr;
  }
  int64_t doc_id(const std::string& id) { return (*store_->get(id))->doc_id; }
  // Indexes and embeds what was added and opens both sides for search_papers (lexical_ holds
  // the lexical index).
  SemanticSide index_and_embed() {
    index();
    update(embedder_);
    auto lexical = LexicalIndex::open(dir_ / "index");
    EXPECT_TRUE(lexical.ok());
    if (lexical.ok()) lexical_.emplace(std::move(*lexical));
    vectors_ = open();
    return {vectors_.get(), &embedder_};
  }
  std::optional<LexicalIndex> lexical_;
  std::shared_ptr<const VectorIndex> vectors_;
  std::vector<int64_t> nearest_ids(const Embedder& embedder, const std::string& query, size_t k) {
    std::vector<int64_t> ids;
    for (const auto& hit : open()->search(embedder.embed_query(query).value(), k))
      ids.push_back(hit.doc_id);
    return ids;
  }
  HashedWordsEmbedder embedder_{"hashed-a"};
};

TEST_F(VectorIndexTest, AnUpdateEmbedsOnlyPapersWhoseTextChanged) {
  add_topics(40);
  EXPECT_EQ(update(embedder_).embedded, 40);
  EXPECT_EQ(update(embedder_).embedded, 0);
  Paper changed = testing::make_paper("2401.00003", "Entirely new title about protein folding", 2);
  add(changed);
  Paper listed = (*store_->get("2401.00004"))->paper;
  listed.hub_day = Date{2024, 11, 1};  // a metadata change the model does not read
  add(listed);
  auto third = update(embedder_);
  EXPECT_EQ(third.embedded, 1);
  EXPECT_EQ(third.removed, 0);
  auto index = open();
  EXPECT_EQ(index->size(), 40u);
  EXPECT_EQ(nearest_ids(embedder_, "protein folding", 1),
            std::vector<int64_t>{doc_id("2401.00003")});
}

TEST_F(VectorIndexTest, AWithdrawnPaperIsNeverFound) {
  add_topics(20);
  update(embedder_);
  const int64_t gone = doc_id("2401.00005");
  std::vector<Withdrawal> withdrawals{{"2401.00005", Date{2024, 2, 1}}};
  ASSERT_TRUE(store_->write({{}, withdrawals, std::nullopt}).ok());
  EXPECT_EQ(update(embedder_).removed, 1);
  auto index = open();
  EXPECT_EQ(index->size(), 19u);
  for (const auto& hit : index->search(
           embedder_.embed_query("diffusion models for image synthesis part5").value(), 20)) {
    EXPECT_NE(hit.doc_id, gone);
  }
  EXPECT_TRUE(index->similar(gone, 5).empty());
}

TEST_F(VectorIndexTest, AModelChangeReembedsEveryPaperIntoANewGeneration) {
  add_topics(30);
  update(embedder_);
  const fs::path before = open()->generation();
  HashedWordsEmbedder other("hashed-b");
  auto changed = update(other);
  EXPECT_TRUE(changed.rebuilt);
  EXPECT_EQ(changed.embedded, 30);
  EXPECT_EQ(other.documents_embedded, 30);
  auto index = open();
  EXPECT_EQ(index->state().model_id, "hashed-b");
  EXPECT_NE(index->generation(), before);
  EXPECT_FALSE(fs::exists(before));  // the old model's vectors are gone, not mixed in
  // Semantic search with the old model's queries is refused rather than mixed.
  SemanticSide stale{index.get(), &embedder_};
  EXPECT_FALSE(stale.usable());
}

TEST_F(VectorIndexTest, SimilarPapersNeverIncludeThePaperItself) {
  add_topics(24);
  Paper twin = testing::make_paper("2402.00001", "graph neural networks for molecules part4");
  add(twin);  // the same text as 2401.00004: each is the other's nearest, never its own
  update(embedder_);
  auto index = open();
  for (int i = 1; i <= 24; ++i) {
    const int64_t id = doc_id(fmt::format("2401.{:05}", i));
    auto similar = index->similar(id, 10);
    EXPECT_EQ(similar.size(), 10u);
    for (const auto& hit : similar) EXPECT_NE(hit.doc_id, id);
  }
  auto of_twin = index->similar(doc_id("2402.00001"), 1);
  ASSERT_EQ(of_twin.size(), 1u);
  EXPECT_EQ(of_twin[0].doc_id, doc_id("2401.00004"));
}

TEST_F(VectorIndexTest, HnswKindsFindWhatExactSearchFinds) {
  add_topics(300);
  for (auto kind : {VectorIndexKind::hnsw, VectorIndexKind::hnsw_sq8}) {
    VectorIndexOptions options;
    options.kind = kind;
    EXPECT_TRUE(update(embedder_, options).rebuilt) << to_string(kind);
    auto index = open();
    EXPECT_EQ(index->state().kind, kind);
    // FAISS stores the beam the graph was built with; the product's must win on loading.
    EXPECT_EQ(index->search_beam(), kHnswSearchBeam) << to_string(kind);
    for (int i : {1, 77, 150, 299}) {
      const int64_t id = doc_id(fmt::format("2401.{:05}", i));
      auto own = index->vector_of(id);
      ASSERT_TRUE(own.has_value());
      auto hits = index->search(*own, 1);
      ASSERT_EQ(hits.size(), 1u);
      EXPECT_EQ(hits[0].doc_id, id) << to_string(kind);
    }
    // Incremental additions reach the graph too.
    add(testing::make_paper(fmt::format("2403.{:05}", static_cast<int>(kind)),
                            "superconducting qubits " + to_string(kind)));
    EXPECT_EQ(update(embedder_, options).embedded, 1);
    EXPECT_EQ(nearest_ids(embedder_, "superconducting qubits " + to_string(kind), 1),
              std::vector<int64_t>{doc_id(fmt::format("2403.{:05}", static_cast<int>(kind)))});
  }
}

TEST_F(VectorIndexTest, AnIvfIndexCappedByItsBudgetStillAnswersAndReportsItsRecall) {
  add_topics(400);
  index();
  VectorIndexOptions options;
  options.kind = VectorIndexKind::ivf;
  options.search_budget_ms = 1e-9;  // no probe count fits: the cheapest search is kept
  EXPECT_TRUE(update(embedder_, options).rebuilt);
  auto vectors = open();
  const auto& state = vectors->state();
  EXPECT_EQ(state.search_probes, 1);
  EXPECT_EQ(state.search_budget_ms, 1e-9);
  EXPECT_EQ(state.probes_capped, state.measured_recall < kIvfRecallTarget);
  ASSERT_TRUE(vectors->approximate_recall().has_value());
  EXPECT_EQ(*vectors->approximate_recall(), state.measured_recall);

  auto lexical = LexicalIndex::open(dir_ / "index");
  ASSERT_TRUE(lexical.ok());
  SemanticSide semantic{vectors.get(), &embedder_};
  for (SearchMode mode : {SearchMode::semantic, SearchMode::hybrid}) {
    auto results =
        search_papers(*lexical, semantic, {"graph neural networks molecules", false, 0, 10}, mode);
    ASSERT_TRUE(results.ok()) << results.error().message;
    EXPECT_EQ(results->hits.size(), 10u)
        << to_string(mode) << ": a capped index still fills the page";
    ASSERT_TRUE(results->vector_recall.has_value()) << to_string(mode);
    EXPECT_EQ(*results->vector_recall, state.measured_recall);
    EXPECT_EQ(results->vector_recall_capped, state.probes_capped);
  }
  // Lexical results say nothing about vectors.
  auto words = search_papers(*lexical, semantic, {"graph neural networks", false, 0, 10},
                             SearchMode::lexical);
  ASSERT_TRUE(words.ok());
  EXPECT_FALSE(words->vector_recall.has_value());
}

TEST_F(VectorIndexTest, IvfFindsWhatExactSearchFindsAndCalibratesItsProbes) {
  add_topics(400);
  VectorIndexOptions options;
  options.kind = VectorIndexKind::ivf;
  EXPECT_TRUE(update(embedder_, options).rebuilt);
  auto index = open();
  EXPECT_EQ(index->state().kind, VectorIndexKind::ivf);
  EXPECT_GT(index->state().search_probes, 0);
  EXPECT_GE(index->state().measured_recall, 0.95) << "probes are chosen to reach the recall target";
  for (int i : {1, 77, 150, 399}) {
    const int64_t id = doc_id(fmt::format("2401.{:05}", i));
    auto hits = index->search(*index->vector_of(id), 1);
    ASSERT_EQ(hits.size(), 1u);
    EXPECT_EQ(hits[0].doc_id, id);
  }
  // A small update appends rows only; readers add them to the loaded index.
  const auto file = index->generation() / "faiss.index";
  const auto written = std::filesystem::last_write_time(file);
  add(testing::make_paper("2403.00001", "superconducting qubits coherence"));
  EXPECT_EQ(update(embedder_, options).embedded, 1);
  EXPECT_EQ(std::filesystem::last_write_time(file), written)
      << "the index file is not rewritten for one paper";
  EXPECT_EQ(open()->state().indexed_rows, 400);
  EXPECT_EQ(nearest_ids(embedder_, "superconducting qubits coherence", 1),
            std::vector<int64_t>{doc_id("2403.00001")});
}

// Issue 16: dead rows are skipped inside the search, so a query still gets k live papers
// however many of its nearest papers were withdrawn.
TEST_F(VectorIndexTest, AWithdrawnPaperNeverAppearsAndTheQueryStillReturnsK) {
  add_topics(200);
  for (auto kind : {VectorIndexKind::flat, VectorIndexKind::ivf, VectorIndexKind::hnsw}) {
    VectorIndexOptions options;
    options.kind = kind;
    update(embedder_, options);
  }
  const std::string query = "diffusion models for image synthesis";
  std::vector<Withdrawal> withdrawals;
  std::set<int64_t> gone;
  for (int64_t id : nearest_ids(embedder_, query, 30)) {
    gone.insert(id);
    withdrawals.push_back(
        {(*store_->get_many(std::vector<int64_t>{id}))[0].paper.id, Date{2024, 2, 1}});
  }
  ASSERT_TRUE(store_->write({{}, withdrawals, std::nullopt}).ok());
  for (auto kind : {VectorIndexKind::flat, VectorIndexKind::ivf, VectorIndexKind::hnsw}) {
    VectorIndexOptions options;
    options.kind = kind;
    update(embedder_, options);  // rebuilds when the kind changes, else marks the rows dead
    auto index = open();
    auto hits = index->search(embedder_.embed_query(query).value(), 20);
    EXPECT_EQ(hits.size(), 20u) << to_string(kind);
    for (const auto& hit : hits) EXPECT_FALSE(gone.contains(hit.doc_id)) << to_string(kind);
  }
}

// Issue 16: a filter that 0.1 % of the papers match still fills a page of semantic results
// (taking the nearest papers first and filtering them afterwards found one or none).
TEST_F(VectorIndexTest, ASelectiveFilterStillFillsThePage) {
  std::vector<Paper> papers;
  for (int i = 1; i <= 10'000; ++i) {
    Paper paper = testing::make_paper(fmt::format("2401.{:05}", i),
                                      fmt::format("graph neural networks study {}", i));
    paper.categories = {i % 1000 == 0 ? "math.AG" : "cs.LG"};
    papers.push_back(paper);
  }
  ASSERT_TRUE(store_->upsert(papers).ok());
  VectorIndexOptions options;
  options.kind = VectorIndexKind::ivf;
  index();
  update(embedder_, options);
  auto lexical = LexicalIndex::open(dir_ / "index");
  ASSERT_TRUE(lexical.ok());
  auto vectors = open();
  SemanticSide semantic{vectors.get(), &embedder_};
  auto results =
      search_papers(*lexical, semantic, {"graph neural networks cat:math.AG", false, 0, 10},
                    SearchMode::semantic);
  ASSERT_TRUE(results.ok()) << results.error().message;
  ASSERT_EQ(results->hits.size(), 10u);
  std::vector<int64_t> ids;
  for (const auto& hit : results->hits) ids.push_back(hit.doc_id);
  auto found = store_->get_many(ids);
  ASSERT_TRUE(found.ok());
  for (const auto& stored : *found)
    EXPECT_EQ(stored.paper.categories, std::vector<std::string>{"math.AG"});
}

// Issue 16: an embedding run that stops part-way keeps the rows it saved; the next run embeds
// only the rest.
TEST_F(VectorIndexTest, AStoppedEmbeddingRunResumesWithoutEmbeddingAgain) {
  add_topics(100);
  class StoppingEmbedder final : public Embedder {
   public:
    StoppingEmbedder(const Embedder& inner, size_t stop_after)
        : inner_(inner), stop_after_(stop_after) {}
    const EmbeddingModelInfo& info() const override { return inner_.info(); }
    Result<std::vector<float>> embed_query(std::string_view text) const override {
      return inner_.embed_query(text);
    }
    Result<std::vector<float>> embed_documents(std::span<const DocumentText> docs) const override {
      if (embedded + docs.size() > stop_after_) return Error{"stopped", ErrorCode::kUnavailable};
      embedded += docs.size();
      return inner_.embed_documents(docs);
    }
    mutable size_t embedded = 0;

   private:
    const Embedder& inner_;
    size_t stop_after_;
  };
  VectorIndexOptions options;
  options.batch = 16;
  options.rows_per_save = 32;
  StoppingEmbedder stopping(embedder_, 70);
  auto stopped = update_vector_index(*store_, dir_ / "index", stopping, options);
  ASSERT_FALSE(stopped.ok());
  EXPECT_EQ(stopped.error().message, "stopped");
  EXPECT_FALSE(VectorIndex::exists(dir_ / "index")) << "nothing is published part-way";

  StoppingEmbedder counting(embedder_, 1'000);
  auto done = update_vector_index(*store_, dir_ / "index", counting, options);
  ASSERT_TRUE(done.ok()) << done.error().message;
  EXPECT_EQ(counting.embedded, 100u - 64u) << "the 64 rows saved before the stop are kept";
  auto index = open();
  EXPECT_EQ(index->size(), 100u);
  EXPECT_EQ(nearest_ids(embedder_, "quantisation of large language models part1", 1),
            std::vector<int64_t>{doc_id("2401.00001")});
}

TEST_F(VectorIndexTest, SemanticSearchAppliesTheQuerysFilters) {
  add_topics(40);
  SemanticSide semantic = index_and_embed();
  ASSERT_TRUE(lexical_.has_value());
  LexicalIndex& lexical = *lexical_;
  auto results =
      search_papers(lexical, semantic, {"diffusion image synthesis cat:cs.CV", false, 0, 10},
                    SearchMode::semantic);
  ASSERT_TRUE(results.ok()) << results.error().message;
  EXPECT_EQ(results->mode, "semantic");
  ASSERT_FALSE(results->hits.empty());
  std::vector<int64_t> ids;
  for (const auto& hit : results->hits) ids.push_back(hit.doc_id);
  auto papers = store_->get_many(ids);
  for (const auto& stored : *papers)
    EXPECT_EQ(stored.paper.categories, std::vector<std::string>{"cs.CV"});
  // Diffusion papers are 2, 6, 10, …: all cs.CV, and they come first.
  EXPECT_NE((*papers)[0].paper.title.find("diffusion"), std::string::npos);

  auto hybrid = search_papers(lexical, semantic, {"quantisation language models", false, 0, 5},
                              SearchMode::hybrid);
  ASSERT_TRUE(hybrid.ok());
  EXPECT_EQ(hybrid->mode, "hybrid");
  EXPECT_EQ(hybrid->hits.size(), 5u);

  auto unavailable =
      search_papers(lexical, SemanticSide{}, {"graphs", false, 0, 5}, SearchMode::semantic);
  ASSERT_FALSE(unavailable.ok());
  EXPECT_NE(unavailable.error().message.find("paperboy index"), std::string::npos);
  auto fallback =
      search_papers(lexical, SemanticSide{}, {"graph", false, 0, 5}, SearchMode::hybrid);
  ASSERT_TRUE(fallback.ok());
  EXPECT_EQ(fallback->mode, "lexical");
  EXPECT_FALSE(fallback->warnings.empty());
}

// Issue 15.7: a query's count is the same on every page, pages never overlap, and words
// excluded with -word or NOT are excluded on the semantic side too.
TEST_F(VectorIndexTest, CountsAndPagesAreStableInEveryMode) {
  add_topics(320);
  SemanticSide semantic = index_and_embed();
  ASSERT_TRUE(lexical_.has_value());
  LexicalIndex& lexical = *lexical_;
  for (SearchMode mode : {SearchMode::lexical, SearchMode::semantic, SearchMode::hybrid}) {
    std::set<int64_t> seen;
    std::optional<int64_t> total;
    size_t shown = 0;
    for (size_t offset : {0, 20, 80, 100, 120, 180, 300, 980, 5000}) {
      auto page =
          search_papers(lexical, semantic, {"diffusion image synthesis", false, offset, 20}, mode);
      ASSERT_TRUE(page.ok()) << page.error().message;
      if (total) {
        EXPECT_EQ(page->total_estimate, *total) << to_string(mode) << " at offset " << offset;
      }
      total = page->total_estimate;
      for (const auto& hit : page->hits)
        EXPECT_TRUE(seen.insert(hit.doc_id).second) << to_string(mode);
      shown += page->hits.size();
      if (static_cast<int64_t>(offset) >= *total) {
        EXPECT_TRUE(page->hits.empty()) << to_string(mode) << " at " << offset;
      }
    }
    EXPECT_GT(shown, 0u) << to_string(mode);
    EXPECT_LE(static_cast<int64_t>(shown), *total) << to_string(mode);
    // Every page from 0 to the end, one after another, shows exactly `total` papers.
    size_t all = 0;
    for (size_t offset = 0; offset < 1000; offset += 50) {
      all +=
          search_papers(lexical, semantic, {"diffusion image synthesis", false, offset, 50}, mode)
              ->hits.size();
    }
    EXPECT_EQ(static_cast<int64_t>(all), *total) << to_string(mode);

    for (const char* query :
         {"language models -quantisation", "language models NOT quantisation"}) {
      auto without = search_papers(lexical, semantic, {query, false, 0, 100}, mode);
      ASSERT_TRUE(without.ok()) << without.error().message;
      ASSERT_FALSE(without->hits.empty()) << to_string(mode);
      std::vector<int64_t> ids;
      for (const auto& hit : without->hits) ids.push_back(hit.doc_id);
      for (const auto& stored : *store_->get_many(ids)) {
        EXPECT_EQ(stored.paper.title.find("quantisation"), std::string::npos)
            << to_string(mode) << " " << query;
      }
    }
  }
}

// Issue 15.6: search results sorted by date or votes instead of relevance, in every mode.
TEST_F(VectorIndexTest, SearchSortsByNewestOrVotesInEveryMode) {
  for (int i = 1; i <= 60; ++i) {
    Paper paper = testing::make_paper(
        fmt::format("2402.{:05}", i),
        i % 2 ? "diffusion models for image synthesis" : "graph neural networks for molecules");
    paper.published = Date{2024, 1 + i % 12, 1 + i % 28};
    paper.upvotes = (i * 37) % 101;
    add(paper);
  }
  SemanticSide semantic = index_and_embed();
  ASSERT_TRUE(lexical_.has_value());
  LexicalIndex& lexical = *lexical_;
  for (SearchMode mode : {SearchMode::lexical, SearchMode::semantic, SearchMode::hybrid}) {
    for (SearchOrder order : {SearchOrder::newest, SearchOrder::votes}) {
      SearchRequest request{"diffusion image", false, 0, 40};
      request.order = order;
      auto found = search_papers(lexical, semantic, request, mode);
      ASSERT_TRUE(found.ok()) << found.error().message;
      ASSERT_GT(found->hits.size(), 10u);
      std::vector<int64_t> ids;
      for (const auto& hit : found->hits) ids.push_back(hit.doc_id);
      auto papers = *store_->get_many(ids);
      for (size_t i = 1; i < papers.size(); ++i) {
        if (order == SearchOrder::newest) {
          EXPECT_GE(papers[i - 1].paper.published, papers[i].paper.published)
              << to_string(mode) << " at " << i;
        } else {
          EXPECT_GE(papers[i - 1].paper.total_upvotes(), papers[i].paper.total_upvotes())
              << to_string(mode) << " at " << i;
        }
      }
    }
  }
  EXPECT_FALSE(parse_search_order("oldest").ok());
  EXPECT_EQ(*parse_search_order(""), SearchOrder::relevance);
}

}  // namespace
}  // namespace paperboy
