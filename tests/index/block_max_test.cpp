// The block-max file ranks exactly as Xapian does (issue 34): on a generated corpus with a
// skewed vocabulary, every query of many shapes gets the same papers in the same order with the
// same scores and counts from LexicalIndex (block-max where it can) as from Xapian's own
// matcher on the same index; and after papers are re-worded, withdrawn and added (fewer than
// the share that rewrites the file), answers still follow the store, not the file.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <random>

#include "index/block_max_count.h"
#include "index/block_max_index.h"
#include "index/block_max_lists.h"
#include "index/block_max_search.h"
#include "index/index_location.h"
#include "index_fixture.h"

namespace paperboy {
namespace {

std::string lowered(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

// A vocabulary whose word k appears with probability ~ 1/k, as words in text do: a few words
// in most papers, most words in few.
class Words {
 public:
  explicit Words(uint32_t seed) : rng_(seed) {
    for (int i = 0; i < 3000; ++i) words_.push_back(make_word(i));
  }
  std::string word() {
    std::uniform_real_distribution<double> u(0, std::log(words_.size()));
    return words_[static_cast<size_t>(std::exp(u(rng_))) - 1];
  }
  std::string text(int n) {
    std::string out;
    for (int i = 0; i < n; ++i) out += (i ? " " : "") + word();
    return out;
  }
  std::mt19937& rng() { return rng_; }
  const std::string& at(size_t k) const { return words_[k]; }

 private:
  static std::string make_word(int i) {
    static constexpr std::array<const char*, 10> kSyllables = {"ka", "lo", "mi", "ne", "ru",
                                                               "sa", "te", "vo", "zu", "pi"};
    std::string w;
    for (int n = i + 10; n > 0; n /= 10) w += kSyllables[n % 10];
    return w;
  }
  std::mt19937 rng_;
  std::vector<std::string> words_;
};

class BlockMaxTest : public testing::IndexFixture {
 protected:
  Paper generated(int n, Words& words, int version = 1) {
    Paper p = testing::make_paper(fmt::format("2401.{:05}", n), words.text(3 + n % 9), version);
    std::uniform_int_distribution<int> length(5, 160);
    p.abstract = words.text(length(words.rng()));
    // An acronym some papers define, some use alone and some spell out, as "large language
    // models (LLMs)": a search for it is a synonym of it and its expansion.
    if (n % 9 == 0) p.abstract += " " + long_form(words) + " (" + acronym(words) + ")";
    if (n % 9 == 3) p.abstract += " " + acronym(words) + " " + words.word();
    if (n % 9 == 6) p.abstract = long_form(words) + " " + p.abstract;
    p.authors = {"Ada Lovelace", "Wei Zhang " + words.word()};
    p.updated = Date{2024, 10, 18 + version};
    return p;
  }

  // Common words, as an expansion's are.
  static std::string long_form(const Words& words) {
    return words.at(3) + " " + words.at(40) + " " + words.at(7);
  }
  static std::string acronym(const Words& words) {
    std::string out;
    for (size_t k : {3, 40, 7}) out += static_cast<char>(std::toupper(words.at(k)[0]));
    return out;
  }

  // Xapian's ranking of the query LexicalIndex builds, on the same generation, of every match:
  // asked for the best few, Xapian's matcher prunes with its own bounds, which after updates
  // can leave out a paper that belongs in the top thousand (seen here), so the reference is
  // the whole ranked list, sliced.
  struct Ranked {
    std::vector<std::pair<int64_t, double>> hits;
    int64_t estimate = 0;
    bool exact = false;
  };
  Ranked xapian(LexicalIndex& index, const SearchRequest& request) {
    auto built = index.parse(request);
    EXPECT_TRUE(built.ok());
    Xapian::Database db((dir_ / "index" / "lexical").string());
    Xapian::Enquire enquire(db);
    enquire.set_query(built->query);
    enquire.set_weighting_scheme(Xapian::BM25Weight(1.2, 0, 1, 0.75, 0.5));
    Xapian::MSet mset = enquire.get_mset(0, db.get_doccount());
    Ranked out;
    for (auto it = mset.begin(); it != mset.end(); ++it) {
      const auto rank = static_cast<size_t>(it.get_rank());
      if (rank >= request.offset && rank < request.offset + request.limit && rank < 1000)
        out.hits.emplace_back(static_cast<int64_t>(*it), it.get_weight());
    }
    out.estimate = mset.size();
    out.exact = mset.size() <= 1000;
    return out;
  }

  // Compares LexicalIndex's answer with Xapian's for `query` at a few pages.
  void expect_same(LexicalIndex& index, const std::string& query, bool plain_text = false) {
    int64_t first_count = 0;
    for (size_t offset : {0, 10, 990}) {
      SearchRequest request{query, plain_text, offset, 10};
      request.correct_spelling = false;
      auto ours = index.search(request);
      ASSERT_TRUE(ours.ok()) << query << ": " << ours.error().message;
      Ranked theirs = xapian(index, request);
      ASSERT_EQ(ours->hits.size(), theirs.hits.size()) << query << " @" << offset;
      for (size_t i = 0; i < theirs.hits.size(); ++i) {
        const double want = theirs.hits[i].second;
        EXPECT_NEAR(ours->hits[i].score, want, 1e-9 * std::max(1.0, want))
            << query << " @" << offset << " hit " << i;
        // Documents of equal score may come in either order only when their scores differ by
        // rounding alone.
        if (ours->hits[i].doc_id != theirs.hits[i].first) {
          EXPECT_NEAR(ours->hits[i].score, want, 1e-12 * std::max(1.0, want))
              << query << " @" << offset << " hit " << i << ": doc " << ours->hits[i].doc_id
              << " for " << theirs.hits[i].first;
        }
      }
      if (theirs.exact) {
        EXPECT_EQ(ours->total_estimate, theirs.estimate) << query;
      } else {
        EXPECT_GE(ours->total_estimate, 1000) << query;
      }
      // The same count on every page, where the file ranks the query. (Xapian's estimate past
      // the window moves with the page asked for: "sasa milo -mivo" counted 2,000 on the first
      // page and 1,700 on page 100 here.)
      if (offset == 0) first_count = ours->total_estimate;
      if (index.parse(request)->ranked_terms)
        EXPECT_EQ(ours->total_estimate, first_count) << query << " @" << offset;
    }
  }

  void expect_all_same(LexicalIndex& index, Words& words, const std::vector<Paper>& papers) {
    // Words of every frequency, capitalised (unstemmed terms) or not, repeated, names, long
    // claims as plain text, and shapes the file cannot rank (phrases, filters, exclusions),
    // which must come out the same through Xapian.
    for (int q = 0; q < 60; ++q) {
      std::uniform_int_distribution<int> length(1, q % 3 == 0 ? 20 : 4);
      std::string query = words.text(length(words.rng()));
      if (q % 4 == 1) query[0] = static_cast<char>(std::toupper(query[0]));
      if (q % 7 == 2) query += " " + query.substr(0, query.find(' '));
      expect_same(index, query, q % 5 == 3);
    }
    expect_same(index, "Wei Zhang " + words.word());
    expect_same(index, "lovelace");
    expect_same(index, "\"" + words.text(2) + "\" " + words.word());
    expect_same(index, words.text(2) + " -" + words.word());
    expect_same(index, words.text(2) + " cat:cs.LG");
    expect_same(index, "title:" + words.word() + " " + words.word());
    // The acronym (a synonym of it and its expansion, ranked on the file), as typed, in lower
    // case, plural, repeated, among other words, and its expansion typed out.
    const std::string acr = acronym(words);
    auto acronym_query = index.parse({acr + " " + words.word(), false, 0, 10});
    ASSERT_TRUE(acronym_query.ok() && acronym_query->ranked_terms &&
                std::any_of(acronym_query->ranked_terms->begin(),
                            acronym_query->ranked_terms->end(),
                            [](const RankedTerm& t) { return t.synonym != 0; }))
        << "an acronym and its expansion are ranked on the file, as one synonym";
    expect_same(index, acr);
    expect_same(index, acr + " " + words.word());
    expect_same(index, words.text(2) + " " + acr + "s");
    expect_same(index, lowered(acr));
    expect_same(index, acr + " " + words.text(17));
    expect_same(index, fmt::format("{0} {1} {0}", acr, words.word()));
    expect_same(index, long_form(words) + " " + words.word());
    // Phrases and hyphenated words of neighbours some abstracts hold (ranked on the file, their
    // positions read from Xapian), beside words.
    for (size_t p = 0; p < papers.size(); p += papers.size() / 12) {
      const std::string& text = papers[p].abstract;
      const size_t first = text.find(' ');
      const size_t second = text.find(' ', first + 1);
      if (second == std::string::npos) continue;
      const std::string pair = text.substr(0, second);
      expect_same(index, "\"" + pair + "\" " + words.word());
      std::string hyphenated = pair;
      hyphenated[first] = '-';
      expect_same(index, hyphenated + " " + words.word() + " " + words.word());
      expect_same(index, hyphenated);
      // Repeated, a phrase is one list counted three times: the same scores as Xapian's three.
      expect_same(index, fmt::format("{0} {0} {1} {0}", hyphenated, words.word()));
    }
  }
};

TEST_F(BlockMaxTest, RanksAsXapianDoesBeforeAndAfterPapersChange) {
  Words words(34);
  std::vector<Paper> papers;
  for (int n = 1; n <= 2500; ++n) papers.push_back(generated(n, words));
  ASSERT_TRUE(store_->upsert(papers).ok());
  index();
  auto index = LexicalIndex::open(dir_ / "index");
  ASSERT_TRUE(index.ok());
  ASSERT_TRUE(index->has_block_max()) << "the first build writes the block-max file";
  expect_all_same(*index, words, papers);

  // Under the share that rewrites the file: 40 papers re-worded, 10 withdrawn, 20 added.
  std::vector<Paper> changed;
  for (int n = 1; n <= 40; ++n) changed.push_back(generated(n * 7, words, 2));
  for (int n = 2501; n <= 2520; ++n) changed.push_back(generated(n, words));
  changed.back().abstract += " freshword";
  std::vector<Withdrawal> withdrawals;
  for (int n = 1; n <= 10; ++n)
    withdrawals.push_back({fmt::format("2401.{:05}", n * 11), Date{2024, 11, 1}});
  ASSERT_TRUE(store_->write({changed, withdrawals, std::nullopt}).ok());
  ASSERT_TRUE(update_lexical_index(*store_, dir_ / "index", {}).ok());
  ASSERT_TRUE(index->refresh().ok());
  ASSERT_TRUE(index->has_block_max());
  auto generation = IndexLocation(dir_ / "index", kLexicalIndexName).live();
  auto file = BlockMaxIndex::open(std::filesystem::canonical(*generation));
  ASSERT_TRUE(file.ok() && *file);
  EXPECT_EQ((*file)->epoch(), 1u) << "70 of 2,520 papers changed: the file is kept";
  expect_all_same(*index, words, papers);
  EXPECT_EQ(ids("freshword"), std::vector<std::string>{"2401.02520"});
}

TEST_F(BlockMaxTest, PapersChangedSinceTheFileAreAnsweredFromTheStore) {
  // One paper holds "okapi", another "zebra"; a third gets "zebra" later. The first is
  // withdrawn and the second re-worded without it: only the third may be found.
  Paper a = testing::make_paper("2401.00001", "Okapi sightings");
  Paper b = testing::make_paper("2401.00002", "Zebra stripes");
  Paper c = testing::make_paper("2401.00003", "Plain horses");
  for (int n = 4; n <= 60; ++n) add(testing::make_paper(fmt::format("2401.{:05}", n), "Filler"));
  add(a);
  add(b);
  add(c);
  index();
  EXPECT_EQ(ids("okapi"), std::vector<std::string>{"2401.00001"});
  EXPECT_EQ(ids("zebra"), std::vector<std::string>{"2401.00002"});
  Paper b2 = testing::make_paper("2401.00002", "Striped horses", 2);
  Paper c2 = testing::make_paper("2401.00003", "Plain zebra horses", 2);
  std::vector<Paper> changed{b2, c2};
  std::vector<Withdrawal> gone{{"2401.00001", Date{2024, 11, 1}}};
  ASSERT_TRUE(store_->write({changed, gone, std::nullopt}).ok());
  ASSERT_TRUE(update_lexical_index(*store_, dir_ / "index", {}).ok());
  auto index = LexicalIndex::open(dir_ / "index");
  ASSERT_TRUE(index.ok() && index->has_block_max());
  EXPECT_TRUE(ids("okapi").empty());
  EXPECT_EQ(ids("zebra"), std::vector<std::string>{"2401.00003"});
  EXPECT_EQ(ids("zebra okapi"), std::vector<std::string>{"2401.00003"});
}

TEST_F(BlockMaxTest, DeletionRecordsOfFilesTwoRewritesOldAreForgotten) {
  // Each withdrawal leaves a record for readers of the file written before it; a rewrite
  // keeps the records a reader of the file it replaces may still need, and drops older ones.
  for (int n = 1; n <= 60; ++n) {
    Paper p = testing::make_paper(fmt::format("2401.{:05}", n), "Filler");
    p.abstract = fmt::format("uniqueword{} shared text", n);
    add(p);
  }
  index();
  auto generation =
      std::filesystem::canonical(*IndexLocation(dir_ / "index", kLexicalIndexName).live());
  auto withdraw_and_rewrite = [&](int n) {
    std::vector<Withdrawal> gone{{fmt::format("2401.{:05}", n), Date{2024, 11, 1}}};
    ASSERT_TRUE(store_->write({{}, gone, std::nullopt}).ok());
    ASSERT_TRUE(update_lexical_index(*store_, dir_ / "index", {}).ok());
    ASSERT_TRUE(BlockMaxIndex::build(generation).ok());
  };
  auto records_of = [&](int epoch) {
    Xapian::Database db(generation.string());
    const std::string prefix = fmt::format("{}{}.", kGoneKeyPrefix, epoch);
    return std::distance(db.metadata_keys_begin(prefix), db.metadata_keys_end(prefix));
  };
  withdraw_and_rewrite(7);  // recorded at epoch 1; the file is now at 2
  EXPECT_EQ(records_of(1), 1) << "a reader of the epoch-1 file may still need it";
  withdraw_and_rewrite(9);  // recorded at epoch 2; the file is now at 3
  EXPECT_EQ(records_of(1), 0);
  EXPECT_EQ(records_of(2), 1);
  auto index = LexicalIndex::open(dir_ / "index");
  ASSERT_TRUE(index.ok() && index->has_block_max());
  EXPECT_TRUE(ids("uniqueword7").empty());
  EXPECT_TRUE(ids("uniqueword9").empty());
  EXPECT_EQ(ids("uniqueword8"), std::vector<std::string>{"2401.00008"});
}

TEST_F(BlockMaxTest, APhraseOverAbstractsFindsExactlyThePapersWithIt) {
  // "graph neural" side by side in one abstract; the same words apart or reversed in the others.
  // Quoted or hyphenated, only the first is found, ranked on the block-max file (positions from
  // Xapian); the words alone find them all.
  const std::vector<std::pair<std::string, std::string>> abstracts = {
      {"2401.00001", "We train graph neural networks on citation data."},
      {"2401.00002", "A neural model of a graph of citations."},
      {"2401.00003", "Each graph is drawn; neural models follow."},
      {"2401.00004", "Graph methods and neural methods compared."},
      {"2401.00005", "Nothing related at all."}};
  for (const auto& [id, text] : abstracts) {
    Paper p = testing::make_paper(id, "Paper");
    p.abstract = text;
    add(p);
  }
  index();
  auto index = LexicalIndex::open(dir_ / "index");
  ASSERT_TRUE(index.ok() && index->has_block_max());
  auto built = index->parse({"\"graph neural\"", false, 0, 10});
  ASSERT_TRUE(built.ok() && built->ranked_terms) << "a phrase of words is ranked on the file";
  EXPECT_EQ(ids("\"graph neural\""), std::vector<std::string>{"2401.00001"});
  EXPECT_EQ(ids("graph-neural"), std::vector<std::string>{"2401.00001"});
  EXPECT_EQ(ids("\"neural graph\""), std::vector<std::string>{});
  EXPECT_EQ(sorted_ids("graph neural"),
            (std::vector<std::string>{"2401.00001", "2401.00002", "2401.00003", "2401.00004"}));
  auto counted = index->search({"graph-neural", false, 0, 10});
  ASSERT_TRUE(counted.ok());
  EXPECT_EQ(counted->total_estimate, 1);
}

TEST_F(BlockMaxTest, APhraseOfCommonWordsIsCountedExactlyBelowTheWindowAndEstimatedPastIt) {
  // Every abstract holds "koala", "lemur", "otter" and "bison"; "koala lemur" stands together
  // in half of 24,000 (the shorter half holds the words apart, so each of those could outrank
  // a match until its positions are read), "otter bison" in 900. Both phrases have too many
  // candidates to read the positions of each within a search's budget: the first is past the
  // 1,000-match window and its count is estimated from a sample of them; the second is not,
  // and Xapian counts it.
  std::vector<Paper> papers;
  for (int n = 1; n <= 24000; ++n) {
    Paper p = testing::make_paper(fmt::format("2402.{:05}", n), fmt::format("Study {}", n));
    p.abstract = n % 2 == 0 ? "the koala lemur ran" : "koala saw lemur";
    p.abstract += n % 240 < 9 ? " then otter bison slept" : " then bison and otter slept";
    papers.push_back(p);
  }
  ASSERT_TRUE(store_->upsert(papers).ok());
  index();
  auto index = LexicalIndex::open(dir_ / "index");
  ASSERT_TRUE(index.ok() && index->has_block_max());
  ASSERT_TRUE(index->parse({"koala-lemur", false, 0, 10})->ranked_terms);

  auto past = index->search({"koala-lemur", false, 0, 10});
  ASSERT_TRUE(past.ok());
  EXPECT_NEAR(static_cast<double>(past->total_estimate), 12000, 1800)
      << "past the window: estimated from the sample, near the 12,000 that match";
  expect_same(*index, "koala-lemur");
  expect_same(*index, "\"koala lemur\" bison-otter");

  auto below = index->search({"otter-bison", false, 0, 10});
  ASSERT_TRUE(below.ok());
  EXPECT_EQ(below->total_estimate, 900) << "below the window: exact";
  expect_same(*index, "otter-bison");
  for (size_t offset : {0, 10, 890}) {
    auto page = index->search({"otter-bison", false, offset, 10});
    ASSERT_TRUE(page.ok());
    EXPECT_EQ(page->total_estimate, 900) << "the same count on every page, @" << offset;
  }

  // The walk that counts them, with how many papers' positions it read.
  auto generation = IndexLocation(dir_ / "index", kLexicalIndexName).live();
  auto file = BlockMaxIndex::open(std::filesystem::canonical(*generation));
  ASSERT_TRUE(file.ok() && *file);
  Xapian::Database db((dir_ / "index" / "lexical").string());
  auto count_phrase = [&](const std::string& first, const std::string& second, int64_t budget) {
    block_max::Member member;
    member.add(*(*file)->find(first), first, 1.0);
    member.add(*(*file)->find(second), second, 1.0);
    std::vector<block_max::List> lists;
    lists.emplace_back(std::move(member));
    return block_max::count_matches(**file, db, lists, {}, 1000, budget);
  };
  const block_max::MatchCount koala = count_phrase("koala", "lemur", kPositionReadBudget);
  EXPECT_FALSE(koala.exact);
  EXPECT_TRUE(koala.complete);
  EXPECT_NEAR(static_cast<double>(koala.matches), 12000, 1800);
  EXPECT_LT(koala.position_checks, 1000) << "a sample of the 24,000 candidates, not each";
  const block_max::MatchCount otter = count_phrase("otter", "bison", 30'000);
  EXPECT_TRUE(otter.exact);
  EXPECT_EQ(otter.matches, 900);
  EXPECT_GE(otter.position_checks, 24000) << "the sample could not decide: then each was checked";
  EXPECT_FALSE(count_phrase("otter", "bison", kPositionReadBudget).complete)
      << "a search may not read that many: Xapian counted it above";

  // Past its budget a search hands over to Xapian: to count "otter-bison", and to rank the last
  // page of "koala-lemur" (counted here, so the count is the same on every page).
  auto top = [&](const std::string& query, size_t depth) {
    auto built = index->parse({query, false, 0, 10});
    return block_max_top(**file, db, *built->ranked_terms, {}, depth, {}, 1000);
  };
  EXPECT_FALSE(top("otter-bison", 10).count_complete);
  const BlockMaxResult deep = top("koala-lemur", 1000);
  EXPECT_TRUE(deep.count_complete);
  EXPECT_FALSE(deep.complete);
  EXPECT_TRUE(top("koala-lemur", 10).complete);
}

TEST(BlockMaxFile, ADamagedFileIsAnErrorAndNoFileIsNone) {
  testing::TempDir dir;
  auto none = BlockMaxIndex::open(dir.path());
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(*none, nullptr);
  {
    std::ofstream out(dir.path() / kBlockMaxFileName);
    out << std::string(100, 'x');
  }
  auto damaged = BlockMaxIndex::open(dir.path());
  ASSERT_FALSE(damaged.ok());
  EXPECT_NE(damaged.error().message.find("damaged"), std::string::npos);
}

}  // namespace
}  // namespace paperboy
