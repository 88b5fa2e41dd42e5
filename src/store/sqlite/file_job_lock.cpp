#include "store/sqlite/file_job_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace paperboy {
namespace {

class FileJobLock final : public JobLock {
 public:
  explicit FileJobLock(int fd) : fd_(fd) {}
  ~FileJobLock() override { ::close(fd_); }  // closing the descriptor releases the flock

 private:
  int fd_;
};

}  // namespace

Result<std::unique_ptr<JobLock>> try_lock_file(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0)
    return Error{"cannot open the job lock " + path + ": " + std::strerror(errno),
                 ErrorCode::kUnavailable};
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    int err = errno;
    ::close(fd);
    if (err == EWOULDBLOCK) return std::unique_ptr<JobLock>();
    return Error{"cannot take the job lock " + path + ": " + std::strerror(err),
                 ErrorCode::kUnavailable};
  }
  return std::unique_ptr<JobLock>(new FileJobLock(fd));
}

}  // namespace paperboy
