// Secrets for accounts, from libsodium: Argon2id password hashes (crypto_pwhash_str, the
// "interactive" cost), random tokens for sessions, CSRF and API access, and the hashes under
// which tokens are stored (a stolen database holds no usable session or API token).
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"

namespace paperboy {

// Fails only when the machine cannot spare the hash's memory.
Result<std::string> hash_password(std::string_view password);
bool verify_password(const std::string& hash, std::string_view password);
// 32 random bytes, URL-safe base64 without padding (43 characters).
std::string random_token();
// BLAKE2b-256 of the token, hex: what the store keeps.
std::string token_hash(std::string_view token);
// Comparison whose time does not depend on where the strings differ.
bool same_secret(std::string_view a, std::string_view b);

}  // namespace paperboy
