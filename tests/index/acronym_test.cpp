// Acronyms the corpus defines widen searches both ways (issue 15.5): mined from "long form
// (SHORT)" in the indexed papers, kept as index synonyms, rebuilt with the index.
#include <gtest/gtest.h>

#include "index/acronyms.h"
#include "index_fixture.h"

namespace paperboy {
namespace {

TEST(AcronymDefinitions, LongFormsThatSpellTheShortForm) {
  auto found = find_acronym_definitions(
      "We study reinforcement learning from human feedback (RLHF) for large language models "
      "(LLMs). "
      "Results (see Table 2) improve; the Vision Transformer (ViT) and chain-of-thought (CoT) "
      "help. "
      "An unrelated aside (ABC) follows.");
  ASSERT_EQ(found.size(), 4u);
  EXPECT_EQ(found[0].acronym, "RLHF");
  EXPECT_EQ(found[0].expansion, "reinforcement learning from human feedback");
  EXPECT_EQ(found[1].expansion, "large language models");
  EXPECT_EQ(found[2].expansion, "Vision Transformer");
  EXPECT_EQ(found[3].expansion, "chain-of-thought");
}

TEST(AcronymCounts, TheExpansionMostPapersUseWinsAndRivalMeaningsGetNone) {
  AcronymCounts counts;
  counts.add_text("reinforcement learning from human feedback (RLHF) one");
  counts.add_text("Reinforcement Learning from Human\nFeedback (RLHF) two");
  counts.add_text("reinforcement learning with human feedback (RLHF) three");
  counts.add_text("large language models (LLMs) once only");
  counts.add_text("Mixture of Experts (MoE) a");
  counts.add_text("Mixture of Experts (MoE) b");
  counts.add_text("Modality of Encoders (MoE) c");
  counts.add_text("Model of Everything (MoE) d");
  auto winners = AcronymCounts::parse(counts.serialise()).winners();
  EXPECT_EQ(winners.at("rlhf"), "reinforcement learning from human feedback");
  EXPECT_FALSE(winners.contains("llm")) << "one definition is not enough";
  EXPECT_EQ(winners.at("moe"), "mixture of experts");  // 2 of 4: half is enough
  // How papers write it is kept through serialising, plural "s" and all dropped.
  counts.add_text("large language models (LLMs) twice");
  counts.add_text("Large Language Model (LLM) thrice");
  const auto read_back = AcronymCounts::parse(counts.serialise());
  EXPECT_EQ(read_back.written("moe"), "MoE");
  EXPECT_EQ(read_back.written("llm"), "LLM");
  EXPECT_EQ(read_back.winners().at("llm"), "large language models");
  EXPECT_EQ(read_back.written("unseen"), "unseen");
  // Lines from an index written before written forms were kept still read.
  EXPECT_EQ(AcronymCounts::parse("dit\tdiffusion transformer\t3\n").winners().at("dit"),
            "diffusion transformer");
}

class AcronymSearchTest : public testing::IndexFixture {
 protected:
  Paper paper(const std::string& id, const std::string& abstract) {
    Paper p = testing::make_paper(id, "Paper " + id);
    p.abstract = abstract;
    return p;
  }
};

TEST_F(AcronymSearchTest, EitherFormFindsPapersThatUseTheOther) {
  add(paper("2401.00001", "Reinforcement learning from human feedback (RLHF) aligns models."));
  add(paper("2401.00002",
            "We improve reinforcement learning from human feedback (RLHF) with rewards."));
  add(paper("2401.00003", "RLHF is costly; we cut its cost."));
  add(paper("2401.00004", "Reinforcement learning from human feedback needs many labels."));
  add(paper("2401.00005", "Unrelated work on graph colouring."));
  add(paper("2401.00006", "Diffusion transformers (DiTs) scale; diffusion transformer (DiT)."));
  add(paper("2401.00007", "A diffusion transformer (DiT) for video."));
  index();
  auto found = sorted_ids("RLHF");
  EXPECT_EQ(found,
            (std::vector<std::string>{"2401.00001", "2401.00002", "2401.00003", "2401.00004"}));
  auto spelled = sorted_ids("reinforcement learning from human feedback");
  EXPECT_NE(std::find(spelled.begin(), spelled.end(), "2401.00003"), spelled.end());

  auto index = LexicalIndex::open(dir_ / "index");
  ASSERT_TRUE(index.ok());
  auto results = index->search({"RLHF", false, 0, 10});
  ASSERT_TRUE(results.ok());
  EXPECT_EQ(results->expansions,
            std::vector<std::string>{"RLHF = reinforcement learning from human feedback"});
  // Exact words are left exact.
  EXPECT_EQ(sorted_ids("\"RLHF\""),
            (std::vector<std::string>{"2401.00001", "2401.00002", "2401.00003"}));
  // The reader is told in the corpus's own letters, whichever form they typed, and in any case
  // (issue 36, item 20: this once read "dit = diffusion transformer").
  EXPECT_EQ(index->search({"diffusion transformer", false, 0, 10})->expansions,
            std::vector<std::string>{"DiT = diffusion transformer"});
  EXPECT_EQ(index->search({"dit", false, 0, 10})->expansions,
            std::vector<std::string>{"DiT = diffusion transformer"});
  EXPECT_EQ(index->search({"dits", false, 0, 10})->expansions,
            std::vector<std::string>{"DiTs = diffusion transformer"});
  EXPECT_TRUE(index->search({"graph -RLHF", false, 0, 10})->expansions.empty());
  EXPECT_TRUE(index->search({"RLHF", true, 0, 10})->expansions.empty())
      << "plain text (eval) is not widened";

  // The embedding model reads both forms; the internal field never reaches it.
  auto parsed = index->parse({"RLHF costs", false, 0, 10});
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->semantic_text, "RLHF reinforcement learning from human feedback costs");
  // Typed by a reader, the field is just the word.
  EXPECT_EQ(sorted_ids("acronym:colouring"), std::vector<std::string>{"2401.00005"});

  // A rebuild mines afresh and keeps the synonyms.
  ASSERT_TRUE(rebuild_lexical_index(*store_, dir_ / "index", {}).ok());
  EXPECT_EQ(sorted_ids("RLHF").size(), 4u);
}

}  // namespace
}  // namespace paperboy
