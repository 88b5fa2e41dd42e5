#include "core/paper_links.h"

#include <gtest/gtest.h>

#include "core/paper.h"

namespace paperboy {
namespace {

TEST(PaperLinksTest, TheCodeRepositoryIsNormalised) {
  EXPECT_EQ(
      find_paper_links("Code is available at https://github.com/YU-deep/VisMem.git.", "").code,
      "https://github.com/YU-deep/VisMem");
  EXPECT_EQ(find_paper_links(
                "We release at https://github.com/agentscope-ai/Trinity-RFT/tree/main/examples", "")
                .code,
            "https://github.com/agentscope-ai/Trinity-RFT");
  EXPECT_EQ(
      find_paper_links("The code~\\url{https://github.com/CONE-MT/LLaMAX/.} is public", "").code,
      "https://github.com/CONE-MT/LLaMAX");
  // The hub writes \href{url}{text} as "url{text}".
  EXPECT_EQ(find_paper_links("Code: https://github.com/ChangtiWu/ScalSelect{ScalSelect}.", "").code,
            "https://github.com/ChangtiWu/ScalSelect");
  EXPECT_EQ(find_paper_links("(see HTTPS://WWW.GitHub.com/Owner/Repo).", "").code,
            "https://github.com/Owner/Repo");
  EXPECT_EQ(find_paper_links("Code: github.com/owner/name, data elsewhere", "").code,
            "https://github.com/owner/name");
  EXPECT_EQ(find_paper_links("Code: https://gitlab.com/group/sub/project/-/tree/main", "").code,
            "https://gitlab.com/group/sub/project");
}

TEST(PaperLinksTest, AProfileOrAnOrganisationIsNotARepository) {
  EXPECT_EQ(find_paper_links("Models are available at https://github.com/MiniMax-AI.", "").code,
            "");
  EXPECT_EQ(find_paper_links("See https://github.com/topics/llm for more.", "").code, "");
  EXPECT_TRUE(find_paper_links("Our models are at https://huggingface.co/PowerInfer", "")
                  .hub_artifacts.empty());
}

TEST(PaperLinksTest, TheRepositoryThePaperCallsItsCodeWinsOverOneItCites) {
  auto links = find_paper_links(
      "We build on https://github.com/huggingface/transformers for training. Our code is available "
      "at "
      "https://github.com/us/ours.",
      "");
  EXPECT_EQ(links.code, "https://github.com/us/ours");
}

TEST(PaperLinksTest, AProjectPageIsAPagesSiteOrWhatTheSentenceCallsOne) {
  EXPECT_EQ(
      find_paper_links("Project page: https://lucaria-academy.github.io/Mimir/", "").project_page,
      "https://lucaria-academy.github.io/Mimir");
  EXPECT_EQ(
      find_paper_links("The project page is available at https://omriavrahami.com/stable-flow", "")
          .project_page,
      "https://omriavrahami.com/stable-flow");
  EXPECT_EQ(
      find_paper_links("Our project website is https://human4dit.github.io.", "").project_page,
      "https://human4dit.github.io");
  // http stays http, and "www." stays: some sites answer to no other name.
  EXPECT_EQ(find_paper_links("Project website: http://www.example.org/proj#top", "").project_page,
            "http://www.example.org/proj");
  // A video, a DOI or a leaderboard the sentence does not call the project's page is not one.
  EXPECT_EQ(find_paper_links("A video demo is on https://youtu.be/ECR4oAwocjs.", "").project_page,
            "");
  EXPECT_EQ(find_paper_links("Results are at https://example.org/results.", "").project_page, "");
}

TEST(PaperLinksTest, HubModelsDatasetsAndSpacesAreNamedByTheirIds) {
  auto links = find_paper_links(
      "Code at https://github.com/a/b and Dataset at "
      "https://huggingface.co/datasets/Salesforce/EDR-200. The model "
      "https://huggingface.co/org/model-7B/tree/main and a demo "
      "https://huggingface.co/spaces/org/demo; again "
      "https://hf.co/org/model-7B.",
      "");
  EXPECT_EQ(links.hub_artifacts,
            (std::vector<std::string>{"dataset:Salesforce/EDR-200", "model:org/model-7B",
                                      "space:org/demo"}));
  EXPECT_EQ(links.project_page, "");  // a Space is an artefact, not the project's page
}

TEST(PaperLinksTest, TheCommentsLineIsReadToo) {
  auto links = find_paper_links(
      "An abstract without addresses.",
      "12 pages. Code: https://github.com/x/y. Project page: https://x.github.io/y/");
  EXPECT_EQ(links.code, "https://github.com/x/y");
  EXPECT_EQ(links.project_page, "https://x.github.io/y");
}

TEST(PaperLinksTest, TextWithoutAddressesHasNoLinks) {
  auto links = find_paper_links(
      "We use GitHub issues and a project page-rank model. e.g. www and http: none.", "");
  EXPECT_EQ(links.code, "");
  EXPECT_EQ(links.project_page, "");
  EXPECT_TRUE(links.hub_artifacts.empty());
}

TEST(PaperLinksTest, AReadersLinksStayAndTheHubsHaveTheirGapsFilled) {
  Paper paper;
  paper.abstract = "Code: https://github.com/a/b. Project page: https://a.github.io/b";
  resolve_paper_links(paper);
  EXPECT_EQ(paper.code_link, "https://github.com/a/b");
  EXPECT_EQ(paper.project_page, "https://a.github.io/b");

  Paper hub = paper;
  hub.links_set_by = "hub";
  hub.code_link = "https://github.com/hub/repo";
  hub.project_page = "";
  hub.github_stars = 24;
  resolve_paper_links(hub);
  EXPECT_EQ(hub.code_link, "https://github.com/hub/repo");
  EXPECT_EQ(hub.project_page, "https://a.github.io/b");
  EXPECT_EQ(hub.github_stars, 24);

  Paper reader = paper;
  reader.links_set_by = "ada";
  reader.code_link = "";  // removed by a reader: stays removed
  resolve_paper_links(reader);
  EXPECT_EQ(reader.code_link, "");
}

TEST(PaperLinksTest, ALinkAReaderTypesIsCheckedAndNormalised) {
  EXPECT_EQ(*normalise_code_link(" https://github.com/Owner/Repo.git/ "),
            "https://github.com/Owner/Repo");
  EXPECT_EQ(*normalise_code_link("github.com/owner/repo/tree/dev"),
            "https://github.com/owner/repo");
  EXPECT_EQ(*normalise_code_link(""), "");
  EXPECT_NE(normalise_code_link("https://example.org/code").error().message.find("github.com"),
            std::string::npos);
  EXPECT_NE(normalise_code_link("https://github.com/owner").error().message.find("owner/name"),
            std::string::npos);
  EXPECT_NE(normalise_code_link("javascript:alert(1)").error().message.find("http"),
            std::string::npos);
  EXPECT_EQ(*normalise_page_link("HTTPS://Example.ORG/Page/"), "https://example.org/Page");
  EXPECT_FALSE(normalise_page_link("https://exa mple.org").ok());
  EXPECT_FALSE(normalise_page_link("ftp://example.org").ok());
  EXPECT_FALSE(normalise_page_link("https://<script>/").ok());
  EXPECT_EQ(*normalise_hub_artifact("model", "org/name"), "model:org/name");
  EXPECT_EQ(*normalise_hub_artifact("dataset", "https://huggingface.co/datasets/org/set"),
            "dataset:org/set");
  EXPECT_FALSE(normalise_hub_artifact("dataset", "https://huggingface.co/org/model").ok());
  EXPECT_FALSE(normalise_hub_artifact("model", "no-slash").ok());
  EXPECT_FALSE(normalise_hub_artifact("model", "a/b/c").ok());
}

}  // namespace
}  // namespace paperboy
