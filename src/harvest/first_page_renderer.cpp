#include "harvest/first_page_renderer.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>
#include <vector>

namespace paperboy {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kPngSignature = "\x89PNG\r\n\x1a\n";

// A scratch folder removed with everything in it when the render ends, however it ends.
class ScratchDir {
 public:
  ScratchDir() {
    std::string pattern = (fs::temp_directory_path() / "paperboy-page-XXXXXX").string();
    if (::mkdtemp(pattern.data())) path_ = pattern;
  }
  ~ScratchDir() {
    std::error_code ignored;
    if (!path_.empty()) fs::remove_all(path_, ignored);
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

std::string printable_start(std::string_view bytes) {
  std::string out;
  for (char c : bytes.substr(0, 24)) out += (c >= 32 && c < 127) ? c : '.';
  return out;
}

// The last non-empty line the renderer wrote to stderr, shortened.
std::string last_complaint(const fs::path& file) {
  std::ifstream in(file);
  std::string line, last;
  while (std::getline(in, line)) {
    if (!line.empty()) last = line;
  }
  if (last.size() > 200) last = last.substr(0, 200) + "…";
  return last;
}

struct ChildOutcome {
  bool timed_out = false;
  int status = 0;  // from waitpid
};

// Runs argv with the limits, stdout and stdin on /dev/null, stderr into `errors`.
// The program's path: as given when it names a folder, else the first match on PATH. Found
// before fork, since the child may only make async-signal-safe calls (execvp may allocate).
std::string program_path(const std::string& name) {
  if (name.find('/') != std::string::npos) return name;
  const char* path = std::getenv("PATH");
  std::string_view dirs = path ? path : "/usr/bin:/bin";
  while (!dirs.empty()) {
    const auto end = dirs.find(':');
    const fs::path candidate = fs::path(dirs.substr(0, end)) / name;
    if (::access(candidate.c_str(), X_OK) == 0) return candidate.string();
    dirs = end == std::string_view::npos ? std::string_view() : dirs.substr(end + 1);
  }
  return name;  // not found: exec fails and the child exits 127
}

Result<ChildOutcome> run_limited(std::vector<std::string> args, const RenderLimits& limits,
                                 const fs::path& errors) {
  const std::string program = program_path(args.front());
  std::vector<char*> argv;
  for (auto& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  const int null_fd = ::open("/dev/null", O_RDWR | O_CLOEXEC);
  const int err_fd = ::open(errors.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (null_fd < 0 || err_fd < 0) {
    if (null_fd >= 0) ::close(null_fd);
    if (err_fd >= 0) ::close(err_fd);
    return Error{std::string("cannot open the renderer's files: ") + std::strerror(errno)};
  }
  const rlimit memory{limits.memory_limit, limits.memory_limit};
  const auto cpu_seconds = static_cast<rlim_t>(limits.time_limit.count());
  const rlimit cpu{cpu_seconds, cpu_seconds + 1};
  // Between fork and exec only async-signal-safe calls: the server has other threads.
  const pid_t pid = ::fork();
  if (pid < 0) {
    ::close(null_fd);
    ::close(err_fd);
    return Error{std::string("cannot start the renderer: ") + std::strerror(errno)};
  }
  if (pid == 0) {
    ::dup2(null_fd, 0);
    ::dup2(null_fd, 1);
    ::dup2(err_fd, 2);
    ::setrlimit(RLIMIT_AS, &memory);
    ::setrlimit(RLIMIT_CPU, &cpu);
    ::execv(program.c_str(), argv.data());
    ::_exit(127);
  }
  ::close(null_fd);
  ::close(err_fd);
  ChildOutcome outcome;
  const auto deadline = std::chrono::steady_clock::now() + limits.time_limit;
  for (;;) {
    const pid_t done = ::waitpid(pid, &outcome.status, WNOHANG);
    if (done == pid) return outcome;
    if (done < 0 && errno != EINTR) return Error{"lost the renderer's process"};
    if (std::chrono::steady_clock::now() > deadline) {
      ::kill(pid, SIGKILL);
      while (::waitpid(pid, &outcome.status, 0) < 0 && errno == EINTR) {
      }
      outcome.timed_out = true;
      return outcome;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

}  // namespace

std::pair<int, int> png_size(std::string_view png) {
  if (png.size() < 24 || png.substr(0, 8) != kPngSignature || png.substr(12, 4) != "IHDR") {
    return {0, 0};
  }
  auto big_endian = [&](size_t at) {
    int value = 0;
    for (size_t i = 0; i < 4; ++i) value = (value << 8) | static_cast<unsigned char>(png[at + i]);
    return value;
  };
  return {big_endian(16), big_endian(20)};
}

Result<std::string> render_first_page(std::string_view pdf, const RenderLimits& limits) {
  // The header may follow some junk (the spec allows 1,024 bytes of it).
  if (pdf.substr(0, 1024).find("%PDF-") == std::string_view::npos) {
    return Error{
        fmt::format("not a PDF ({} bytes starting \"{}\")", pdf.size(), printable_start(pdf)),
        ErrorCode::kInvalid};
  }
  ScratchDir scratch;
  if (scratch.path().empty()) return Error{"cannot make a scratch folder for the renderer"};
  const fs::path input = scratch.path() / "paper.pdf";
  {
    std::ofstream out(input, std::ios::binary);
    out.write(pdf.data(), static_cast<std::streamsize>(pdf.size()));
    if (!out) return Error{"cannot write the PDF for the renderer"};
  }
  const fs::path output = scratch.path() / "page";
  auto ran = run_limited({limits.pdftoppm, "-f", "1", "-l", "1", "-singlefile", "-png", "-scale-to",
                          std::to_string(limits.long_side), input.string(), output.string()},
                         limits, scratch.path() / "errors.txt");
  if (!ran.ok()) return ran.error();
  if (ran->timed_out) {
    return Error{fmt::format("the renderer took longer than {} s", limits.time_limit.count()),
                 ErrorCode::kInvalid};
  }
  const int status = ran->status;
  if (WIFSIGNALED(status)) {
    const int signal = WTERMSIG(status);
    return Error{
        signal == SIGXCPU
            ? fmt::format("the renderer used more than {} s of CPU", limits.time_limit.count())
            : fmt::format("the renderer died of signal {} ({}; the memory limit is {} MiB)", signal,
                          strsignal(signal), limits.memory_limit >> 20),
        ErrorCode::kInvalid};
  }
  if (WEXITSTATUS(status) == 127) {
    return Error{"cannot run " + limits.pdftoppm + " (Debian: apt-get install poppler-utils)"};
  }
  const fs::path png_file = fs::path(output.string() + ".png");
  if (WEXITSTATUS(status) != 0 || !fs::exists(png_file)) {
    std::string why = last_complaint(scratch.path() / "errors.txt");
    return Error{fmt::format("the renderer could not draw page 1 (exit {}{}{})",
                             WEXITSTATUS(status), why.empty() ? "" : ": ", why),
                 ErrorCode::kInvalid};
  }
  std::error_code error;
  const auto bytes = fs::file_size(png_file, error);
  if (error || bytes > limits.max_png_bytes) {
    return Error{fmt::format("the drawn page is larger than {} bytes", limits.max_png_bytes),
                 ErrorCode::kInvalid};
  }
  std::ifstream in(png_file, std::ios::binary);
  std::ostringstream png;
  png << in.rdbuf();
  if (png_size(png.view()).first == 0)
    return Error{"the renderer wrote something that is not a PNG"};
  return std::move(png).str();
}

Status check_renderer(const RenderLimits& limits) {
  ScratchDir scratch;
  if (scratch.path().empty()) return Error{"cannot make a scratch folder for the renderer"};
  auto ran = run_limited({limits.pdftoppm, "-v"}, limits, scratch.path() / "errors.txt");
  if (!ran.ok()) return ran.error();
  if (ran->timed_out || !WIFEXITED(ran->status) || WEXITSTATUS(ran->status) != 0) {
    return Error{"thumbnails need " + limits.pdftoppm +
                 ", which does not run here (Debian: apt-get install poppler-utils)"};
  }
  return Status::Ok();
}

}  // namespace paperboy
