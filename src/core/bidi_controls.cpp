#include "core/bidi_controls.h"

namespace paperboy {
namespace {

// The length of the bidi control starting at `i`, or 0.
size_t bidi_control_at(std::string_view s, size_t i) {
  const auto byte = [&](size_t k) { return k < s.size() ? static_cast<unsigned char>(s[k]) : 0; };
  if (byte(i) == 0xD8 && byte(i + 1) == 0x9C) return 2;  // U+061C arabic letter mark
  if (byte(i) != 0xE2) return 0;
  const unsigned char b1 = byte(i + 1), b2 = byte(i + 2);
  if (b1 == 0x80 && (b2 == 0x8E || b2 == 0x8F || (b2 >= 0xAA && b2 <= 0xAE)))
    return 3;                                            // U+200E-F, U+202A-E
  if (b1 == 0x81 && b2 >= 0xA6 && b2 <= 0xA9) return 3;  // U+2066-9
  return 0;
}

}  // namespace

bool has_bidi_controls(std::string_view utf8) {
  for (size_t i = 0; i < utf8.size(); ++i) {
    if (bidi_control_at(utf8, i) > 0) return true;
  }
  return false;
}

std::string without_bidi_controls(std::string_view utf8) {
  std::string out;
  out.reserve(utf8.size());
  for (size_t i = 0; i < utf8.size();) {
    if (size_t n = bidi_control_at(utf8, i); n > 0) {
      i += n;
    } else {
      out += utf8[i++];
    }
  }
  return out;
}

}  // namespace paperboy
