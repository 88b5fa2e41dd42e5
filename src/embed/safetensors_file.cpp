#include "embed/safetensors_file.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstring>
#include <nlohmann/json.hpp>

namespace paperboy {
namespace {

size_t dtype_size(const std::string& dtype) {
  if (dtype == "F32" || dtype == "I32" || dtype == "U32") return 4;
  if (dtype == "F16" || dtype == "BF16" || dtype == "I16" || dtype == "U16") return 2;
  if (dtype == "F64" || dtype == "I64" || dtype == "U64") return 8;
  if (dtype == "I8" || dtype == "U8" || dtype == "BOOL" || dtype == "F8_E4M3" || dtype == "F8_E5M2")
    return 1;
  return 0;
}

float half_to_float(uint16_t h) {
  uint32_t sign = static_cast<uint32_t>(h & 0x8000) << 16;
  uint32_t exponent = (h >> 10) & 0x1F;
  uint32_t mantissa = h & 0x3FF;
  uint32_t bits;
  if (exponent == 0) {
    if (mantissa == 0) {
      bits = sign;
    } else {  // subnormal: normalise it
      exponent = 127 - 15 + 1;
      while (!(mantissa & 0x400)) {
        mantissa <<= 1;
        --exponent;
      }
      bits = sign | (exponent << 23) | ((mantissa & 0x3FF) << 13);
    }
  } else if (exponent == 31) {
    bits = sign | 0x7F800000 | (mantissa << 13);
  } else {
    bits = sign | ((exponent + 127 - 15) << 23) | (mantissa << 13);
  }
  float out;
  std::memcpy(&out, &bits, 4);
  return out;
}

}  // namespace

int64_t TensorInfo::elements() const {
  int64_t n = 1;
  for (int64_t d : shape) n *= d;
  return n;
}

std::string shape_text(const std::vector<int64_t>& shape) {
  return fmt::format("[{}]", fmt::join(shape, ", "));
}

Result<SafetensorsFile> SafetensorsFile::open(const std::filesystem::path& file) {
  SafetensorsFile st;
  st.path_ = file;
  int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Error{fmt::format("{}: cannot open: {}", file.string(), std::strerror(errno))};
  off_t size = ::lseek(fd, 0, SEEK_END);
  auto fail = [&](std::string why) {
    ::close(fd);
    return Error{fmt::format("{}: not a safetensors file: {}", file.string(), why)};
  };
  if (size < 8) return fail("shorter than its 8-byte header length");
  void* mapped = ::mmap(nullptr, static_cast<size_t>(size), PROT_READ, MAP_PRIVATE, fd, 0);
  ::close(fd);
  if (mapped == MAP_FAILED)
    return Error{fmt::format("{}: cannot map: {}", file.string(), std::strerror(errno))};
  st.mapped_ = static_cast<const uint8_t*>(mapped);
  st.mapped_size_ = static_cast<size_t>(size);

  uint64_t header_length = 0;
  for (int i = 7; i >= 0; --i) header_length = (header_length << 8) | st.mapped_[i];
  auto bad = [&](std::string why) {
    return Error{fmt::format("{}: not a safetensors file: {}", file.string(), why)};
  };
  if (header_length > st.mapped_size_ - 8 || header_length > (100u << 20)) {
    return bad(fmt::format("header of {} bytes in a file of {} (truncated?)", header_length,
                           st.mapped_size_));
  }
  st.data_start_ = 8 + header_length;
  auto header =
      nlohmann::json::parse(st.mapped_ + 8, st.mapped_ + 8 + header_length, nullptr, false);
  if (header.is_discarded() || !header.is_object()) return bad("its header is not a JSON object");
  const size_t data_size = st.mapped_size_ - st.data_start_;
  for (const auto& [name, entry] : header.items()) {
    if (name == "__metadata__") continue;
    TensorInfo info;
    if (!entry.is_object() || !entry["dtype"].is_string() || !entry["shape"].is_array() ||
        !entry["data_offsets"].is_array() || entry["data_offsets"].size() != 2) {
      return bad(fmt::format("tensor \"{}\" lacks dtype, shape or data_offsets", name));
    }
    info.dtype = entry["dtype"];
    for (const auto& d : entry["shape"]) {
      if (!d.is_number_integer() || d.get<int64_t>() < 0)
        return bad(fmt::format("tensor \"{}\": bad shape", name));
      info.shape.push_back(d.get<int64_t>());
    }
    if (!entry["data_offsets"][0].is_number_unsigned() ||
        !entry["data_offsets"][1].is_number_unsigned()) {
      return bad(fmt::format("tensor \"{}\": bad data_offsets", name));
    }
    info.begin = entry["data_offsets"][0];
    info.end = entry["data_offsets"][1];
    size_t element = dtype_size(info.dtype);
    if (element == 0) return bad(fmt::format("tensor \"{}\": unknown dtype {}", name, info.dtype));
    if (info.end < info.begin || info.end > data_size) {
      return bad(fmt::format("tensor \"{}\" ends at byte {} of a {}-byte data section (truncated?)",
                             name, info.end, data_size));
    }
    if (info.end - info.begin != static_cast<size_t>(info.elements()) * element) {
      return bad(fmt::format("tensor \"{}\": {} bytes for shape {} of {}", name,
                             info.end - info.begin, shape_text(info.shape), info.dtype));
    }
    st.tensors_.emplace(name, std::move(info));
  }
  return st;
}

SafetensorsFile::SafetensorsFile(SafetensorsFile&& other) noexcept
    : path_(std::move(other.path_)),
      mapped_(std::exchange(other.mapped_, nullptr)),
      mapped_size_(std::exchange(other.mapped_size_, 0)),
      data_start_(other.data_start_),
      tensors_(std::move(other.tensors_)) {}

SafetensorsFile::~SafetensorsFile() {
  if (mapped_) ::munmap(const_cast<uint8_t*>(mapped_), mapped_size_);
}

Result<std::vector<float>> SafetensorsFile::read_f32(const std::string& name,
                                                     const std::vector<int64_t>& shape) const {
  auto found = tensors_.find(name);
  if (found == tensors_.end())
    return Error{fmt::format("{}: no tensor \"{}\"", path_.string(), name)};
  const TensorInfo& info = found->second;
  if (info.shape != shape) {
    return Error{fmt::format("{}: tensor \"{}\" has shape {}, the config asks for {}",
                             path_.string(), name, shape_text(info.shape), shape_text(shape))};
  }
  const uint8_t* data = mapped_ + data_start_ + info.begin;
  std::vector<float> out(static_cast<size_t>(info.elements()));
  if (info.dtype == "F32") {
    std::memcpy(out.data(), data, out.size() * 4);
  } else if (info.dtype == "F16" || info.dtype == "BF16") {
    for (size_t i = 0; i < out.size(); ++i) {
      uint16_t h = static_cast<uint16_t>(data[2 * i] | (data[2 * i + 1] << 8));
      if (info.dtype == "F16") {
        out[i] = half_to_float(h);
      } else {
        uint32_t bits = static_cast<uint32_t>(h) << 16;
        std::memcpy(&out[i], &bits, 4);
      }
    }
  } else {
    return Error{fmt::format("{}: tensor \"{}\" is {}; F32, F16 or BF16 is needed", path_.string(),
                             name, info.dtype)};
  }
  return out;
}

}  // namespace paperboy
