// Signed links for mail: a subscriber confirms, unsubscribes or changes preferences from a link
// alone, without signing in. A token is "purpose.subscription.expiry.mac", the MAC being
// HMAC-SHA-256 (libsodium) under the server's secret key, so a token cannot be forged or moved to
// another subscription or purpose, and stops working when it expires.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "core/result.h"
#include "store/store.h"

namespace paperboy {

// kFeed names a user, not a subscription: the private Atom feed of their recommendations.
enum class LinkPurpose { kConfirm, kManage, kFeed };

class LinkSigner {
 public:
  // The key kept in `file` (32 random bytes, created with mode 0600 on first use).
  static Result<LinkSigner> from_key_file(const std::filesystem::path& file);
  // The key kept in the store's job state: the shared store's servers all sign and check links
  // with one key, and `paperboy store copy` carries it with the rest, so links already mailed
  // keep working after a move. Made on first use, under a job lock, so servers starting
  // together agree; a key file of an older release (`adopt`, when it exists) becomes the
  // store's key, so its links keep working too.
  static Result<LinkSigner> from_store(Store& store, const std::filesystem::path& adopt = {});
  explicit LinkSigner(std::string key) : key_(std::move(key)) {}

  std::string sign(LinkPurpose purpose, int64_t subscription_id, int64_t expires) const;
  // The subscription the token names, or why it is refused (malformed, forged, expired).
  Result<int64_t> verify(std::string_view token, LinkPurpose purpose, int64_t now) const;

 private:
  std::string mac(std::string_view payload) const;
  std::string key_;
};

}  // namespace paperboy
