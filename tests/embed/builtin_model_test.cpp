// The built-in model: LSA, then the contrastive refinement of titles toward their abstracts.
#include <gtest/gtest.h>

#include <fstream>
#include <random>

#include "embed/lsa_training.h"
#include "test_support.h"

namespace paperboy {
namespace {

// Papers on six topics. A topic's titles and abstracts use different words for the same thing
// (as "song" and "music"), plus words every topic uses.
void add_corpus(LsaTrainer& trainer, size_t papers) {
  const std::vector<std::vector<std::string>> title_words = {
      {"song", "melody", "singer"},   {"protein", "folding", "enzyme"},
      {"galaxy", "quasar", "nebula"}, {"robot", "gripper", "arm"},
      {"theorem", "lemma", "proof"},  {"market", "price", "trader"}};
  const std::vector<std::vector<std::string>> abstract_words = {
      {"music", "audio", "chord", "rhythm"},       {"residue", "structure", "binding", "molecule"},
      {"redshift", "telescope", "survey", "star"}, {"manipulation", "grasp", "control", "motion"},
      {"algebra", "bound", "conjecture", "prove"}, {"finance", "trading", "volatility", "asset"}};
  const std::vector<std::string> common = {"method", "results", "approach", "study",
                                           "novel",  "data",    "analysis"};
  std::mt19937 random(7);
  for (size_t p = 0; p < papers; ++p) {
    const size_t topic = p % title_words.size();
    std::string title, abstract;
    for (int i = 0; i < 3; ++i)
      title += title_words[topic][random() % 3] + " " + common[random() % common.size()] + " ";
    for (int s = 0; s < 4; ++s) {
      for (int i = 0; i < 6; ++i) {
        abstract +=
            abstract_words[topic][random() % 4] + " " + common[random() % common.size()] + " ";
      }
      abstract += "sentence" + std::to_string(s) + ". ";
    }
    trainer.add_document(title, abstract);
  }
}

LsaSettings small() {
  LsaSettings settings;
  settings.dimensions = 8;
  settings.min_document_frequency = 1;
  settings.max_document_fraction = 1.0;
  return settings;
}

TEST(BuiltinModel, RefinementIsDeterministicAndNeverWorseOnHeldOutPapers) {
  LsaTrainer trainer;
  add_corpus(trainer, 1200);
  RefinementReport first_report, second_report;
  auto first = trainer.train(small(), &first_report);
  auto second = trainer.train(small(), &second_report);
  ASSERT_TRUE(first.ok()) << first.error().message;
  ASSERT_TRUE(second.ok());
  EXPECT_EQ((*first)->kind(), LsaModel::Kind::contrastive);
  EXPECT_EQ((*first)->info().id, (*second)->info().id) << "same corpus and seed, same model";
  EXPECT_NE((*first)->info().id.find("builtin-contrastive@"), std::string::npos);
  EXPECT_GT(first_report.steps, 0u);
  EXPECT_GT(first_report.held_out_pairs, 0u);
  EXPECT_GE(first_report.held_out_mrr_after, first_report.held_out_mrr_before);

  LsaSettings plain = small();
  plain.refine = false;
  auto lsa = trainer.train(plain);
  ASSERT_TRUE(lsa.ok());
  EXPECT_EQ((*lsa)->kind(), LsaModel::Kind::lsa);
  EXPECT_NE((*lsa)->info().id, (*first)->info().id) << "vectors of the two are never mixed";
}

TEST(BuiltinModel, AQueryInATitlesWordsFindsAbstractsInTheirOwn) {
  LsaTrainer trainer;
  add_corpus(trainer, 1200);
  auto model = trainer.train(small());
  ASSERT_TRUE(model.ok());
  std::vector<DocumentText> docs = {{"", "music chord rhythm audio"},
                                    {"", "redshift telescope star survey"}};
  std::vector<float> rows = (*model)->embed_documents(docs).value();
  std::vector<float> query = (*model)->embed_query("song singer").value();
  const size_t dim = (*model)->info().dimension;
  float music = 0, stars = 0;
  for (size_t j = 0; j < dim; ++j) {
    music += query[j] * rows[j];
    stars += query[j] * rows[dim + j];
  }
  EXPECT_GT(music, stars + 0.2f) << "a song is about music, not stars";
}

TEST(BuiltinModel, TooFewPapersToHoldSomeOutKeepTheLsaModel) {
  LsaTrainer trainer;
  add_corpus(trainer, 60);
  auto model = trainer.train(small());
  ASSERT_TRUE(model.ok()) << model.error().message;
  EXPECT_EQ((*model)->kind(), LsaModel::Kind::lsa);
}

TEST(BuiltinModel, AFileKeepsItsKindAndAnOlderLsaFileStillLoads) {
  testing::TempDir dir;
  LsaTrainer trainer;
  add_corpus(trainer, 1200);
  auto model = trainer.train(small());
  ASSERT_TRUE(model.ok());
  ASSERT_TRUE((*model)->save(dir.path() / "model.bin").ok());
  auto loaded = LsaModel::load(dir.path() / "model.bin");
  ASSERT_TRUE(loaded.ok()) << loaded.error().message;
  EXPECT_EQ((*loaded)->info().id, (*model)->info().id);
  EXPECT_EQ((*loaded)->kind(), LsaModel::Kind::contrastive);

  // Format 001 (before the kind byte): two terms, two dimensions.
  {
    std::ofstream out(dir.path() / "old.bin", std::ios::binary);
    const char magic[8] = {'P', 'B', 'L', 'S', 'A', '0', '0', '1'};
    const uint64_t counts[2] = {2, 2};
    out.write(magic, 8);
    out.write(reinterpret_cast<const char*>(counts), sizeof counts);
    for (std::string term : {"galaxi", "song"}) {
      const uint32_t length = static_cast<uint32_t>(term.size());
      out.write(reinterpret_cast<const char*>(&length), 4);
      out.write(term.data(), length);
    }
    const float numbers[6] = {1.5f, 2.0f, 1, 0, 0, 1};
    out.write(reinterpret_cast<const char*>(numbers), sizeof numbers);
  }
  auto old = LsaModel::load(dir.path() / "old.bin");
  ASSERT_TRUE(old.ok()) << old.error().message;
  EXPECT_EQ((*old)->kind(), LsaModel::Kind::lsa);
  EXPECT_NE((*old)->info().id.find("builtin-lsa@"), std::string::npos);

  std::ofstream(dir.path() / "bad.bin", std::ios::binary) << "PBLSA003 not a model";
  auto bad = LsaModel::load(dir.path() / "bad.bin");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("wrong magic"), std::string::npos);
}

}  // namespace
}  // namespace paperboy
