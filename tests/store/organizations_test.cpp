// Organisations, their members, the papers linked to them and following them, on both
// backends (issue 19, item 2).
#include <gtest/gtest.h>

#include <vector>

#include "store/store.h"
#include "store/store_backends.h"
#include "test_support.h"

namespace paperboy {
namespace {

using testing::make_paper;

class OrganizationsTest : public testing::StoreBackendTest {
 protected:
  void SetUp() override {
    open_fresh_store();
    if (IsSkipped() || HasFatalFailure()) return;
    ada_ =
        *store_->community().create_user("ada@example.org", "Ada Lovelace", "$argon2id$fake", 100);
    wei_ = *store_->community().create_user("wei@example.org", "Wei Zhang", "$argon2id$fake", 100);
  }
  Organizations& orgs() { return store_->organizations(); }

  // A paper as the hub's daily list gives it.
  static Paper hub_paper(const std::string& id, const std::string& org, const std::string& fullname,
                         int upvotes) {
    Paper p = make_paper(id, "Paper " + id);
    p.hub_day = Date{2025, 10, 21};
    p.upvotes = upvotes;
    p.organization = org;
    p.organization_fullname = fullname;
    return p;
  }
  std::vector<std::string> listed(const std::string& org, HubListing::Order order) {
    HubListing listing;
    listing.days = {Date{1, 1, 1}, Date{9999, 12, 31}};
    listing.order = order;
    listing.organization = org;
    auto papers = store_->list_hub_days(listing);
    EXPECT_TRUE(papers.ok());
    std::vector<std::string> ids;
    for (const auto& s : *papers) ids.push_back(s.paper.id);
    return ids;
  }

  int64_t ada_ = 0, wei_ = 0;
};
PAPERBOY_ON_EVERY_STORE(OrganizationsTest);

TEST_P(OrganizationsTest, AHubPaperBringsItsOrganisationWhichListsItsPapersAnyCase) {
  std::vector<Paper> papers = {hub_paper("2510.00001", "SJTU", "Shanghai Jiao Tong University", 3),
                               hub_paper("2510.00002", "SJTU", "Shanghai Jiao Tong University", 9),
                               hub_paper("2510.00003", "nvidia", "NVIDIA", 1)};
  ASSERT_TRUE(store_->upsert(papers).ok());
  auto org = orgs().organization("sjtu");
  ASSERT_TRUE(org.ok() && org->has_value());
  EXPECT_EQ((*org)->name, "SJTU");
  EXPECT_EQ((*org)->fullname, "Shanghai Jiao Tong University");
  EXPECT_EQ((*org)->created_by, 0);
  EXPECT_EQ((*org)->papers, 2);
  EXPECT_EQ((*org)->members, 0);
  EXPECT_EQ(listed("sjtu", HubListing::Order::kMostUpvoted),
            (std::vector<std::string>{"2510.00002", "2510.00001"}));
  EXPECT_EQ(listed("SJTU", HubListing::Order::kNewestFirst).size(), 2u);
  EXPECT_EQ(listed("nvidia", HubListing::Order::kNewestFirst),
            std::vector<std::string>{"2510.00003"});
  auto all = orgs().list_organizations(0, 10);
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ(all->front().name, "SJTU");  // most papers first
}

// Issue 32.9: a reader who creates an organisation under a hub organisation's name before the
// hub's papers arrive does not get those papers: the hub's data takes the name back.
TEST_P(OrganizationsTest, AReadersOrganisationOfAHubsNameIsTakenBackWhenTheHubUsesIt) {
  auto squat = orgs().create_organization("SquatLab", "Not really them", "", ada_, 500);
  ASSERT_TRUE(squat.ok());
  ASSERT_TRUE(orgs().invite_member(squat->id, wei_, OrgRole::kMember, ada_, 510).ok());
  EXPECT_FALSE(squat->verified);
  ASSERT_TRUE(
      store_
          ->upsert(std::vector<Paper>{hub_paper("2510.00011", "squatlab", "The Real Squat Lab", 1)})
          .ok());
  auto org = orgs().organization("squatlab");
  ASSERT_TRUE(org.ok() && org->has_value());
  EXPECT_TRUE((*org)->verified);
  EXPECT_EQ((*org)->created_by, 0);
  EXPECT_EQ((*org)->members, 0) << "the squatter is no longer its admin";
  EXPECT_FALSE(orgs().role_of((*org)->id, ada_)->has_value());
  EXPECT_TRUE(orgs().invitations(wei_)->empty());
}

TEST_P(OrganizationsTest, AnOrganisationAModeratorConfirmedKeepsItsMembersWhenTheHubUsesItsName) {
  auto lab = orgs().create_organization("RealLab", "Real Lab", "", ada_, 500);
  ASSERT_TRUE(lab.ok());
  ASSERT_TRUE(orgs().set_verified(lab->id, true).ok());
  ASSERT_TRUE(
      store_->upsert(std::vector<Paper>{hub_paper("2510.00012", "RealLab", "Real Lab", 1)}).ok());
  auto org = orgs().organization("reallab");
  EXPECT_EQ((*org)->created_by, ada_);
  EXPECT_EQ((*org)->members, 1);
  EXPECT_EQ((*org)->papers, 1);
  EXPECT_EQ(*orgs().role_of(lab->id, ada_), OrgRole::kAdmin);
}

TEST_P(OrganizationsTest, AnInvitedReaderJoinsOnlyByAccepting) {
  auto lab = orgs().create_organization("ml-lab", "The ML Lab", "", ada_, 500);
  ASSERT_TRUE(lab.ok());
  ASSERT_TRUE(orgs().invite_member(lab->id, wei_, OrgRole::kMember, ada_, 600).ok());
  ASSERT_TRUE(
      orgs().invite_member(lab->id, wei_, OrgRole::kAdmin, ada_, 610).ok());  // offered again
  EXPECT_FALSE(orgs().role_of(lab->id, wei_)->has_value());
  auto offered = orgs().invitations(wei_);
  ASSERT_TRUE(offered.ok());
  ASSERT_EQ(offered->size(), 1u);
  EXPECT_EQ(offered->front().name, "ml-lab");
  EXPECT_EQ(offered->front().role, OrgRole::kAdmin);
  EXPECT_TRUE(*orgs().answer_invitation(lab->id, wei_, true, 700));
  EXPECT_EQ(*orgs().role_of(lab->id, wei_), OrgRole::kAdmin);
  EXPECT_FALSE(*orgs().answer_invitation(lab->id, wei_, true, 710)) << "answered already";
  // Declined: nothing changes but the invitation is gone.
  auto other = orgs().create_organization("other-lab", "Other", "", wei_, 800);
  ASSERT_TRUE(orgs().invite_member(other->id, ada_, OrgRole::kMember, wei_, 810).ok());
  EXPECT_TRUE(*orgs().answer_invitation(other->id, ada_, false, 820));
  EXPECT_FALSE(orgs().role_of(other->id, ada_)->has_value());
  EXPECT_TRUE(orgs().invitations(ada_)->empty());
}

TEST_P(OrganizationsTest, ACreatedOrganisationHasItsCreatorAsAdminAndItsNameOnce) {
  auto created = orgs().create_organization("ml-lab", "The ML Lab", "We read papers.", ada_, 500);
  ASSERT_TRUE(created.ok()) << created.error().message;
  EXPECT_EQ(created->created_by, ada_);
  EXPECT_EQ(created->members, 1);
  auto role = orgs().role_of(created->id, ada_);
  ASSERT_TRUE(role.ok() && role->has_value());
  EXPECT_EQ(**role, OrgRole::kAdmin);
  auto again = orgs().create_organization("ML-LAB", "Another", "", wei_, 600);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
  EXPECT_NE(again.error().message.find("taken"), std::string::npos);
  auto memberships = orgs().memberships(ada_);
  ASSERT_TRUE(memberships.ok());
  ASSERT_EQ(memberships->size(), 1u);
  EXPECT_EQ(memberships->front().name, "ml-lab");
  EXPECT_EQ(memberships->front().org_id, created->id);
  EXPECT_TRUE(orgs().memberships(wei_)->empty());
}

TEST_P(OrganizationsTest, MembersComeAndGoButTheLastAdminStays) {
  auto org = *orgs().create_organization("ml-lab", "The ML Lab", "", ada_, 500);
  ASSERT_TRUE(orgs().set_member(org.id, wei_, OrgRole::kMember, 600).ok());
  auto members = *orgs().members(org.id);
  ASSERT_EQ(members.size(), 2u);
  EXPECT_EQ(members[0].handle, "ada-lovelace");  // admins first
  EXPECT_EQ(members[0].role, OrgRole::kAdmin);
  EXPECT_EQ(members[1].handle, "wei-zhang");

  auto demote = orgs().set_member(org.id, ada_, OrgRole::kMember, 700);
  ASSERT_FALSE(demote.ok());
  EXPECT_EQ(demote.error().code, ErrorCode::kConflict);
  auto leave = orgs().remove_member(org.id, ada_);
  ASSERT_FALSE(leave.ok());
  EXPECT_EQ(leave.error().code, ErrorCode::kConflict);

  ASSERT_TRUE(orgs().set_member(org.id, wei_, OrgRole::kAdmin, 800).ok());
  EXPECT_TRUE(*orgs().remove_member(org.id, ada_));
  EXPECT_FALSE(*orgs().remove_member(org.id, ada_));
  EXPECT_EQ((*orgs().organization("ml-lab"))->members, 1);
  ASSERT_TRUE(orgs().set_about(org.id, "Machine Learning Lab", "New words").ok());
  EXPECT_EQ((*orgs().organization("ml-lab"))->about, "New words");
}

TEST_P(OrganizationsTest, AReadersLinkOutlivesTheHubsListingAndAnUnlinkToo) {
  ASSERT_TRUE(
      store_->upsert(std::vector<Paper>{hub_paper("2510.00001", "tencent", "Tencent", 3)}).ok());
  ASSERT_TRUE(orgs().create_organization("ml-lab", "The ML Lab", "", ada_, 500).ok());
  Paper linked = (**store_->get("2510.00001")).paper;
  linked.organization = "ml-lab";
  linked.organization_fullname = "The ML Lab";
  linked.organization_set_by = "@ada-lovelace";
  const int64_t before = *store_->change_seq();
  ASSERT_TRUE(store_->upsert(std::span(&linked, 1)).ok());
  EXPECT_GT(*store_->change_seq(), before);  // the index learns the new org: term

  ASSERT_TRUE(
      store_->upsert(std::vector<Paper>{hub_paper("2510.00001", "tencent", "Tencent", 5)}).ok());
  Paper after = (**store_->get("2510.00001")).paper;
  EXPECT_EQ(after.organization, "ml-lab");
  EXPECT_EQ(after.organization_fullname, "The ML Lab");
  EXPECT_EQ(after.upvotes, 5);
  EXPECT_EQ(listed("ml-lab", HubListing::Order::kNewestFirst),
            std::vector<std::string>{"2510.00001"});
  EXPECT_TRUE(listed("tencent", HubListing::Order::kNewestFirst).empty());

  after.organization.clear();
  after.organization_fullname.clear();
  after.organization_set_by = "@ada-lovelace";
  ASSERT_TRUE(store_->upsert(std::span(&after, 1)).ok());
  ASSERT_TRUE(
      store_->upsert(std::vector<Paper>{hub_paper("2510.00001", "tencent", "Tencent", 6)}).ok());
  EXPECT_EQ((**store_->get("2510.00001")).paper.organization, "");
}

TEST_P(OrganizationsTest, ReadersFollowOrganisationsBesideCategoriesAndAuthors) {
  auto& prefs = store_->preferences();
  ASSERT_TRUE(*prefs.set_follow(ada_, {Follow::Kind::kOrganization, "SJTU"}, true));
  ASSERT_TRUE(*prefs.set_follow(ada_, {Follow::Kind::kAuthor, "Wei Zhang"}, true));
  ASSERT_TRUE(*prefs.set_follow(ada_, {Follow::Kind::kCategory, "cs.CL"}, true));
  auto follows = prefs.follows(ada_);
  ASSERT_TRUE(follows.ok());
  ASSERT_EQ(follows->size(), 3u);
  EXPECT_EQ((*follows)[0].kind, Follow::Kind::kCategory);
  EXPECT_EQ((*follows)[1].kind, Follow::Kind::kAuthor);
  EXPECT_EQ((*follows)[2].kind, Follow::Kind::kOrganization);
  EXPECT_EQ((*follows)[2].value, "SJTU");
  Paper p = hub_paper("2510.00001", "sjtu", "Shanghai Jiao Tong University", 1);
  EXPECT_TRUE(follow_matches((*follows)[2], p));
  p.organization = "nvidia";
  EXPECT_FALSE(follow_matches((*follows)[2], p));
  EXPECT_TRUE(*prefs.set_follow(ada_, {Follow::Kind::kOrganization, "SJTU"}, false));
  EXPECT_EQ(prefs.follows(ada_)->size(), 2u);
}

}  // namespace
}  // namespace paperboy
