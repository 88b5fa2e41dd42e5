#include <sodium.h>

#include "store/thumbnails.h"

namespace paperboy {

std::string thumbnail_text(std::string_view png) {
  const int variant = sodium_base64_VARIANT_ORIGINAL;
  std::string text(sodium_base64_encoded_len(png.size(), variant), '\0');
  sodium_bin2base64(text.data(), text.size(), reinterpret_cast<const unsigned char*>(png.data()),
                    png.size(), variant);
  text.resize(text.size() - 1);  // the terminating NUL
  return text;
}

std::optional<std::string> thumbnail_bytes(std::string_view text) {
  std::string png(text.size() / 4 * 3 + 3, '\0');
  size_t length = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(png.data()), png.size(), text.data(),
                        text.size(), nullptr, &length, nullptr,
                        sodium_base64_VARIANT_ORIGINAL) != 0) {
    return std::nullopt;
  }
  png.resize(length);
  return png;
}

}  // namespace paperboy
