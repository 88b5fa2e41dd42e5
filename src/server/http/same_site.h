// The one rule for "a place on this site", used wherever a client's text becomes a link or a
// redirect target (a sign-in's `next`, a form's way back, the trailing-slash redirect, links in
// comments). Browsers read such text generously: they drop tabs and newlines, take '\' for
// '/', and read "//host" or "/\host" as another host. So the text is judged as a browser would
// read it, after percent-decoding, and anything that could leave the site is refused whole.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace paperboy {

// `decoded` (a path, with an optional ?query and #fragment, already percent-decoded once) as a
// Location value that stays on this site: it starts with exactly one '/', its path holds no
// backslash and no "." or ".." segment, and nothing in it is a control character (so no header
// can be split and no tab dropped). Bytes outside printable ASCII are percent-encoded. nullopt
// when the text is anything else: a full URL, "//host", "/\host", "/\t/host", empty.
std::optional<std::string> same_site_target(std::string_view decoded);

// A link written by a reader (a comment's Markdown) that needs no scheme: a fragment, a query,
// or a path as above. "//host/…" and "\\host" are not this site.
bool is_same_site_reference(std::string_view url);

}  // namespace paperboy
