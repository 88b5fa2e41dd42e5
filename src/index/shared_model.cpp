#include "index/shared_model.h"

#include <fmt/format.h>

#include <fstream>
#include <sstream>

#include "embed/file_digest.h"

namespace paperboy {
namespace {

namespace fs = std::filesystem;

constexpr const char* kManifestKey = "model:builtin-lsa";
constexpr size_t kChunkBytes = 4 << 20;

std::string chunk_key(size_t n) { return fmt::format("{}:{}", kManifestKey, n); }

std::string to_hex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string hex(bytes.size() * 2, '0');
  for (size_t i = 0; i < bytes.size(); ++i) {
    const auto byte = static_cast<unsigned char>(bytes[i]);
    hex[2 * i] = kDigits[byte >> 4];
    hex[2 * i + 1] = kDigits[byte & 15];
  }
  return hex;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

struct Manifest {
  std::string digest;
  size_t bytes = 0;
  size_t chunks = 0;
};

}  // namespace

Result<bool> adopt_shared_model(Store& store, const fs::path& file) {
  auto manifest_text = store.job_state(kManifestKey);
  if (!manifest_text.ok()) return manifest_text.error();
  if (!manifest_text->has_value()) return false;
  Manifest manifest;
  std::istringstream fields(**manifest_text);
  if (!(fields >> manifest.digest >> manifest.bytes >> manifest.chunks))
    return Error{
        fmt::format("the store's {} record is damaged: '{}'", kManifestKey, **manifest_text)};
  if (fs::exists(file)) {
    auto local = file_digest(file);
    if (local.ok() && *local == manifest.digest) return true;
  }
  std::string bytes;
  bytes.reserve(manifest.bytes);
  for (size_t n = 0; n < manifest.chunks; ++n) {
    auto chunk = store.job_state(chunk_key(n));
    if (!chunk.ok()) return chunk.error();
    if (!chunk->has_value() || (*chunk)->size() % 2 != 0)
      return Error{fmt::format("the store's built-in model is missing or damaged at part {} of {}",
                               n + 1, manifest.chunks)};
    const std::string& hex = **chunk;
    for (size_t i = 0; i < hex.size(); i += 2) {
      const int high = hex_value(hex[i]), low = hex_value(hex[i + 1]);
      if (high < 0 || low < 0)
        return Error{fmt::format("the store's built-in model part {} is not hex", n + 1)};
      bytes.push_back(static_cast<char>(high << 4 | low));
    }
  }
  std::error_code ec;
  fs::create_directories(file.parent_path(), ec);
  const fs::path temporary = file.string() + ".from-store";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out) return Error{fmt::format("{}: cannot write", temporary.string())};
  }
  auto digest = file_digest(temporary);
  if (!digest.ok()) return digest.error();
  if (*digest != manifest.digest || bytes.size() != manifest.bytes) {
    fs::remove(temporary, ec);
    return Error{
        "the store's built-in model does not match its digest (published while read?); will retry"};
  }
  fs::rename(temporary, file, ec);
  if (ec) return Error{fmt::format("{}: {}", file.string(), ec.message())};
  return true;
}

Status publish_shared_model(Store& store, const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (!in.good() && !in.eof()) return Error{fmt::format("{}: cannot read", file.string())};
  auto digest = file_digest(file);
  if (!digest.ok()) return digest.error();
  const size_t chunks = (bytes.size() + kChunkBytes - 1) / kChunkBytes;
  for (size_t n = 0; n < chunks; ++n) {
    const std::string_view part = std::string_view(bytes).substr(n * kChunkBytes, kChunkBytes);
    if (auto s = store.set_job_state({chunk_key(n), to_hex(part)}); !s.ok()) return s;
  }
  return store.set_job_state(
      {kManifestKey, fmt::format("{} {} {}", *digest, bytes.size(), chunks)});
}

}  // namespace paperboy
