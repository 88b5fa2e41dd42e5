// SHA-256 of a file, as the Hugging Face hub lists it for large (LFS) files.
#pragma once

#include <filesystem>
#include <string>

#include "core/result.h"

namespace paperboy {

// Lower-case hex. Errors name the file.
Result<std::string> file_digest(const std::filesystem::path& file);

}  // namespace paperboy
