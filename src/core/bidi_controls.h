// Unicode's bidirectional controls (U+202A-U+202E embeddings and overrides, U+2066-U+2069
// isolates, U+200E/U+200F/U+061C marks). Inside a name shown beside others' words they
// reorder what follows on screen: "Eve\u202Enimda@" reads as a fake "@admin". Names refuse them
// on the way in; names stored before are shown with them taken out.
#pragma once

#include <string>
#include <string_view>

namespace paperboy {

bool has_bidi_controls(std::string_view utf8);
std::string without_bidi_controls(std::string_view utf8);

}  // namespace paperboy
