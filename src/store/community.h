// What users do on the hub, kept beside the papers: accounts, sessions, API tokens, votes,
// libraries and submissions. Secrets are never stored, only their hashes
// (server/rules/credentials.h); the rules that matter for integrity (one vote per user and paper,
// one submission per paper) are enforced here by the store, not by the callers.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/result.h"

namespace paperboy {

// What an account may do beyond reading, voting and discussing: moderators act on posts,
// claims and accounts; admins also grant roles and run the admin pages.
enum class Role { kReader, kModerator, kAdmin };
std::string_view role_name(Role role);
std::optional<Role> parse_role(std::string_view name);

struct User {
  int64_t id = 0;
  std::string email;  // lower-cased
  std::string name;
  std::string password_hash;
  std::string handle;  // public, unique without regard to case (core/handle.h)
  Role role = Role::kReader;
  int64_t suspended = 0;  // unix seconds of the suspension; 0 when the account may act
  std::string affiliation;
  std::string links;  // the profile's links, one URL a line

  bool may_moderate() const { return role != Role::kReader; }
};

struct Session {
  int64_t user_id = 0;
  std::string csrf;
  int64_t expires = 0;  // unix seconds
};

struct ApiToken {
  std::string token_hash;
  std::string label;
  int64_t created = 0;
};

struct LibraryEntry {
  int64_t doc_id = 0;
  int64_t saved = 0;  // unix seconds
  std::vector<std::string> tags;
};

// A paper with votes, for trending: the day that ages it and the votes it has.
struct VotedPaper {
  int64_t doc_id = 0;
  Date day;  // hub day, or first publication when it was never listed
  int64_t votes = 0;
};

inline constexpr int64_t kRateBucketLifetime = int64_t{2} * 86400;

class Community {
 public:
  virtual ~Community() = default;

  // A new account, with a free handle made from its name (handle_from, and a number when
  // taken) and the admin role when it is the first account; an error naming the address when
  // the address is taken.
  virtual Result<int64_t> create_user(std::string_view email, std::string_view name,
                                      std::string_view password_hash, int64_t now) = 0;
  virtual Result<std::optional<User>> user_by_email(std::string_view email) = 0;
  virtual Result<std::optional<User>> user_by_id(int64_t user_id) = 0;
  // A new address and name; an error naming the address when another account has it.
  virtual Status update_user(int64_t user_id, std::string_view email, std::string_view name) = 0;
  virtual Status set_password_hash(int64_t user_id, std::string_view password_hash) = 0;
  // The account and everything it owns, in one transaction: sessions, tokens, votes (taken off
  // the papers' counts), library, preferences, its subscriptions and their mail. Papers it
  // submitted stay listed.
  virtual Status delete_user(int64_t user_id) = 0;

  virtual Status add_session(std::string_view token_hash, const Session& session) = 0;
  // The session, unless it is unknown or expired at `now`.
  virtual Result<std::optional<Session>> session(std::string_view token_hash, int64_t now) = 0;
  virtual Status delete_session(std::string_view token_hash) = 0;
  // Ends every session of the account but `keep` (the hash of the one making the change; empty:
  // all of them): after a new password or address, a session stolen before is worth nothing.
  virtual Status end_sessions(int64_t user_id, std::string_view keep) = 0;
  // Revokes every API token of the account; how many there were.
  virtual Result<int64_t> revoke_api_tokens(int64_t user_id) = 0;

  virtual Status add_api_token(std::string_view token_hash, int64_t user_id, std::string_view label,
                               int64_t now) = 0;
  virtual Result<std::optional<int64_t>> api_token_user(std::string_view token_hash) = 0;
  virtual Result<std::vector<ApiToken>> api_tokens(int64_t user_id) = 0;
  // False when the user has no such token.
  virtual Result<bool> revoke_api_token(int64_t user_id, std::string_view token_hash) = 0;

  // Both return whether anything changed: a second vote, or un-voting a paper never voted
  // for, changes nothing. The paper's community_votes moves in the same transaction.
  virtual Result<bool> vote(int64_t user_id, int64_t doc_id, int64_t now) = 0;
  virtual Result<bool> unvote(int64_t user_id, int64_t doc_id) = 0;
  // Which of these papers the user has voted for / saved (for drawing pages).
  virtual Result<std::vector<int64_t>> voted_among(int64_t user_id,
                                                   std::span<const int64_t> doc_ids) = 0;
  virtual Result<std::vector<int64_t>> saved_among(int64_t user_id,
                                                   std::span<const int64_t> doc_ids) = 0;

  // Saves the paper (again) with exactly these tags.
  virtual Status save(int64_t user_id, int64_t doc_id, std::span<const std::string> tags,
                      int64_t now) = 0;
  virtual Result<bool> unsave(int64_t user_id, int64_t doc_id) = 0;
  // Newest saved first; only entries with `tag` when one is given.
  virtual Result<std::vector<LibraryEntry>> library(int64_t user_id, std::string_view tag) = 0;
  virtual Result<std::vector<std::string>> library_tags(int64_t user_id) = 0;
  // The user's entry for one paper, if saved.
  virtual Result<std::optional<LibraryEntry>> library_entry(int64_t user_id, int64_t doc_id) = 0;

  // Lists the paper on the daily feed of `day` as submitted by the user. False (and nothing
  // changes) when it is already on the feed, submitted or imported.
  virtual Result<bool> submit(int64_t user_id, int64_t doc_id, const Date& day, int64_t now) = 0;
  // How many papers the user submitted at or after `since` (unix seconds): the daily cap.
  virtual Result<int64_t> submissions_since(int64_t user_id, int64_t since) = 0;

  // Papers with at least one vote whose day lies in `days` (trending's candidates).
  virtual Result<std::vector<VotedPaper>> voted_papers(const DateRange& days) = 0;

  // Takes a token from the bucket `key` (action and client), which holds up to `burst` and
  // refills at `per_second`; false when it is empty. Read, refill and take are one statement,
  // so concurrent requests, from any server on this store, never spend one token twice.
  // Buckets untouched for kRateBucketLifetime seconds are forgotten (they are full again).
  virtual Result<bool> take_rate_token(std::string_view key, double burst, double per_second,
                                       double now) = 0;
};

}  // namespace paperboy
