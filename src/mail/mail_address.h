// E-mail addresses as paperboy accepts them: what a person types into a subscribe form, checked
// strictly enough that nothing but an address reaches a mail header (no display name, no
// comments, no CR/LF, no quoted local parts), loosely enough for every real address
// (RFC 5321 dot-atom local part, a domain of letters, digits and hyphens with a dot in it).
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"

namespace paperboy {

// The address trimmed and lower-cased, or an error saying what is wrong with it.
Result<std::string> parse_mail_address(std::string_view text);

// The part after '@' (an address from parse_mail_address).
std::string_view mail_domain(std::string_view address);

}  // namespace paperboy
