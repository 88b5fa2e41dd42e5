// Public handles of accounts (`/u/{handle}`, "submitted by"): what a valid one looks like and
// the first guess for a new account. The rules are the hub's: letters, digits, '-' and '_',
// starting with a letter or digit, 2 to 32 characters; compared without regard to case.
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"

namespace paperboy {

inline constexpr size_t kMaxHandleLength = 32;

// Ok, or an error saying in the reader's words what is wrong with `handle`.
Status check_handle(std::string_view handle);

// The handle in the form it is compared and stored as a key: ASCII lower case.
std::string handle_key(std::string_view handle);

// A valid handle made from a display name or an e-mail address ("Ada Lovelace" → "ada-lovelace",
// "j.smith+x@uni.edu" → "j-smith"); "reader" when nothing usable is left. It may be taken:
// the store adds a number until it is free.
std::string handle_from(std::string_view name_or_email);

}  // namespace paperboy
