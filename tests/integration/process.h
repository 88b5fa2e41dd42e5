// Runs the paperboy binary as a child process, as a user or a script would.
#pragma once

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "test_postgres.h"
#include "test_support.h"

extern char** environ;

namespace paperboy::testing {

struct ProcessResult {
  int exit_code = -1;  // -1 when killed by a signal
  std::string out;
  std::string err;
};

// Starts `paperboy ARGS…` with stdout and stderr sent to files under `scratch`.
inline pid_t spawn_paperboy(const std::vector<std::string>& args,
                            const std::filesystem::path& scratch) {
  std::vector<std::string> argv_strings = {PAPERBOY_BINARY};
  argv_strings.insert(argv_strings.end(), args.begin(), args.end());
  // In the "postgresql." copies of the tests, a command on a data directory uses that
  // directory's schema (test_postgres.h) unless the test names a store itself.
  const auto data = std::find(argv_strings.begin(), argv_strings.end(), "--data");
  if (processes_use_postgres() && data != argv_strings.end() && data + 1 != argv_strings.end() &&
      std::find(argv_strings.begin(), argv_strings.end(), "--store") == argv_strings.end()) {
    const auto store = store_args_for(*(data + 1));
    argv_strings.insert(data + 2, store.begin(), store.end());
  }
  std::vector<char*> argv;
  for (auto& s : argv_strings) argv.push_back(s.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, (scratch / "stdout").c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&actions, 2, (scratch / "stderr").c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  pid_t pid = -1;
  posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  return pid;
}

inline ProcessResult wait_for(pid_t pid, const std::filesystem::path& scratch) {
  int status = 0;
  waitpid(pid, &status, 0);
  ProcessResult result;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  result.out = read_file(scratch / "stdout");
  result.err = read_file(scratch / "stderr");
  return result;
}

inline ProcessResult run_paperboy(const std::vector<std::string>& args,
                                  const std::filesystem::path& scratch) {
  return wait_for(spawn_paperboy(args, scratch), scratch);
}

// Polls `done` every 50 ms; false when `limit` passed first.
inline bool wait_until(const std::function<bool()>& done, std::chrono::seconds limit) {
  auto deadline = std::chrono::steady_clock::now() + limit;
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return true;
}

}  // namespace paperboy::testing
