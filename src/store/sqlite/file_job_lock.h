// The embedded store's job locks: an exclusive flock on a file beside the SQLite file, which
// the kernel releases when its holder exits or dies.
#pragma once

#include <memory>
#include <string>

#include "core/result.h"
#include "store/job_lock.h"

namespace paperboy {

// The lock on `path`, created as needed; nullptr when another open file holds it.
Result<std::unique_ptr<JobLock>> try_lock_file(const std::string& path);

}  // namespace paperboy
