// The SMTP sink (tests/mail/smtp_sink.py, Python's aiosmtpd) as a child process on 127.0.0.1:
// every message it accepts lands as a .eml file, and parsed() reads them back through Python's
// email package (tests/mail/check_mail.py).
#pragma once

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "test_support.h"

extern char** environ;

namespace paperboy::testing {

namespace fs = std::filesystem;

inline const std::string kMailTests = PAPERBOY_SOURCE_DIR "/tests/mail";

// The sink as a child process, stopped (SIGTERM) when the test ends.
class SmtpSink {
 public:
  SmtpSink(const fs::path& dir, double delay_seconds = 0) : mail_dir_(dir / "received") {
    const fs::path port_file = dir / "sink.port";
    std::vector<std::string> args = {"/usr/bin/python3", kMailTests + "/smtp_sink.py",
                                     port_file.string(), mail_dir_.string(),
                                     "--delay",          fmt::format("{}", delay_seconds)};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    posix_spawn(&pid_, argv[0], nullptr, nullptr, argv.data(), environ);
    for (int i = 0; i < 200 && !fs::exists(port_file); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    if (fs::exists(port_file)) port_ = std::stoi(read_file(port_file));
  }
  ~SmtpSink() {
    if (pid_ > 0) {
      kill(pid_, SIGTERM);
      waitpid(pid_, nullptr, 0);
    }
  }
  int port() const { return port_; }
  size_t received() const {
    size_t n = 0;
    if (fs::exists(mail_dir_))
      for (const auto& entry : fs::directory_iterator(mail_dir_))
        n += entry.path().extension() == ".eml";
    return n;
  }
  // Waits (up to `seconds`) until at least `n` messages have arrived; whether they did.
  bool wait_for(size_t n, int seconds) const {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
    while (received() < n && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return received() >= n;
  }
  // Every message, parsed by Python's email package.
  std::vector<nlohmann::json> parsed(const fs::path& scratch) const {
    const std::string out = (scratch / "parsed.jsonl").string();
    const int rc = std::system(fmt::format("/usr/bin/python3 {}/check_mail.py {} > {}", kMailTests,
                                           mail_dir_.string(), out)
                                   .c_str());
    EXPECT_EQ(rc, 0) << "a received message does not parse";
    std::vector<nlohmann::json> messages;
    std::stringstream lines(read_file(out));
    for (std::string line; std::getline(lines, line);)
      messages.push_back(nlohmann::json::parse(line));
    return messages;
  }

 private:
  fs::path mail_dir_;
  pid_t pid_ = -1;
  int port_ = 0;
};

}  // namespace paperboy::testing
