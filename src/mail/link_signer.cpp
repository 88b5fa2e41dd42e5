#include "mail/link_signer.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sodium.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstring>
#include <fstream>
#include <iterator>
#include <thread>

namespace paperboy {
namespace {

const char* purpose_name(LinkPurpose purpose) {
  switch (purpose) {
    case LinkPurpose::kConfirm:
      return "confirm";
    case LinkPurpose::kManage:
      return "manage";
    case LinkPurpose::kFeed:
      return "feed";
  }
  return "";
}

bool parse_integer(std::string_view text, int64_t& out) {
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), out);
  return error == std::errc{} && end == text.data() + text.size() && !text.empty();
}

}  // namespace

Result<LinkSigner> LinkSigner::from_key_file(const std::filesystem::path& file) {
  if (sodium_init() < 0) return Error{"libsodium failed to initialise"};
  std::ifstream in(file, std::ios::binary);
  if (in) {
    std::string key((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (key.size() != crypto_auth_hmacsha256_KEYBYTES) {
      return Error{
          fmt::format("{}: a link key is {} bytes, this file has {} (delete it to make a new one; "
                      "links already mailed stop working)",
                      file.string(), crypto_auth_hmacsha256_KEYBYTES, key.size())};
    }
    return LinkSigner(std::move(key));
  }
  std::string key(crypto_auth_hmacsha256_KEYBYTES, '\0');
  crypto_auth_hmacsha256_keygen(reinterpret_cast<unsigned char*>(key.data()));
  // Written beside and renamed, so two processes starting at once cannot read half a key.
  const std::filesystem::path temporary = file.string() + ".new";
  const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (fd < 0) return Error{fmt::format("{}: cannot create the link key", temporary.string())};
  const bool written =
      ::write(fd, key.data(), key.size()) == static_cast<ssize_t>(key.size()) && ::fsync(fd) == 0;
  ::close(fd);
  if (!written) return Error{fmt::format("{}: cannot write the link key", temporary.string())};
  if (::link(temporary.c_str(), file.c_str()) != 0) {
    const int error = errno;
    ::unlink(temporary.c_str());
    if (error == EEXIST) return from_key_file(file);  // another process made it first: use theirs
    return Error{
        fmt::format("{}: cannot create the link key: {}", file.string(), std::strerror(error))};
  }
  ::unlink(temporary.c_str());
  return LinkSigner(std::move(key));
}

Result<LinkSigner> LinkSigner::from_store(Store& store, const std::filesystem::path& adopt) {
  if (sodium_init() < 0) return Error{"libsodium failed to initialise"};
  constexpr const char* kKeyName = "mail-link-key";
  for (int attempt = 0; attempt < 100; ++attempt) {
    auto lock = store.try_lock_job(kKeyName);
    if (!lock.ok()) return lock.error();
    if (!*lock) {  // another server is making it
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      continue;
    }
    auto stored = store.job_state(kKeyName);
    if (!stored.ok()) return stored.error();
    std::string key(crypto_auth_hmacsha256_KEYBYTES, '\0');
    if (stored->has_value()) {
      size_t length = 0;
      if (sodium_hex2bin(reinterpret_cast<unsigned char*>(key.data()), key.size(),
                         (*stored)->data(), (*stored)->size(), nullptr, &length, nullptr) != 0 ||
          length != key.size()) {
        return Error{"the store's mail link key is damaged (job state mail-link-key)"};
      }
      return LinkSigner(std::move(key));
    }
    std::error_code missing;
    if (!adopt.empty() && std::filesystem::exists(adopt, missing)) {
      auto old = from_key_file(adopt);
      if (!old.ok()) return old.error();
      key = old->key_;
    } else {
      crypto_auth_hmacsha256_keygen(reinterpret_cast<unsigned char*>(key.data()));
    }
    std::string hex(key.size() * 2 + 1, '\0');
    sodium_bin2hex(hex.data(), hex.size(), reinterpret_cast<const unsigned char*>(key.data()),
                   key.size());
    hex.pop_back();
    if (auto s = store.set_job_state({kKeyName, hex}); !s.ok()) return s.error();
    return LinkSigner(std::move(key));
  }
  return Error{"the mail link key: another server held its lock for 5 s", ErrorCode::kUnavailable};
}

std::string LinkSigner::mac(std::string_view payload) const {
  unsigned char out[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256(out, reinterpret_cast<const unsigned char*>(payload.data()),
                         payload.size(), reinterpret_cast<const unsigned char*>(key_.data()));
  char text[sodium_base64_ENCODED_LEN(sizeof out, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
  sodium_bin2base64(text, sizeof text, out, sizeof out, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  return text;
}

std::string LinkSigner::sign(LinkPurpose purpose, int64_t subscription_id, int64_t expires) const {
  const std::string payload =
      fmt::format("{}.{}.{}", purpose_name(purpose), subscription_id, expires);
  return payload + "." + mac(payload);
}

Result<int64_t> LinkSigner::verify(std::string_view token, LinkPurpose purpose, int64_t now) const {
  const size_t last_dot = token.rfind('.');
  if (last_dot == std::string_view::npos || token.size() > 200)
    return Error{"the link is malformed"};
  const std::string_view payload = token.substr(0, last_dot), given = token.substr(last_dot + 1);
  const std::string expected = mac(payload);
  if (given.size() != expected.size() ||
      sodium_memcmp(given.data(), expected.data(), expected.size()) != 0) {
    return Error{"the link's signature is not valid (was it copied whole?)"};
  }
  // Signed by us, so the shape is ours; still checked, as a key could have been shared.
  const size_t first = payload.find('.'), second = payload.find('.', first + 1);
  int64_t id = 0, expires = 0;
  if (first == std::string_view::npos || second == std::string_view::npos ||
      !parse_integer(payload.substr(first + 1, second - first - 1), id) ||
      !parse_integer(payload.substr(second + 1), expires)) {
    return Error{"the link is malformed"};
  }
  if (payload.substr(0, first) != purpose_name(purpose))
    return Error{"the link is meant for another page"};
  if (now > expires) return Error{"the link has expired; ask for a new one"};
  return id;
}

}  // namespace paperboy
