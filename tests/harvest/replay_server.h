// A source on 127.0.0.1 for harvest tests: answers each GET (or POST) with a scripted handler and
// keeps every request it saw (path, decoded parameters, User-Agent), so tests can check both what
// the harvester stored and how it asked.
#pragma once

#include <httplib.h>

#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace paperboy::testing {

struct SeenRequest {
  std::string path;
  std::multimap<std::string, std::string> params;
  std::string user_agent;
  std::string method{};
  std::string body{};
  std::string authorization{};

  std::string param(const std::string& name) const {
    auto it = params.find(name);
    return it == params.end() ? "" : it->second;
  }
};

class ReplayServer {
 public:
  using Handler = std::function<void(const httplib::Request&, httplib::Response&)>;

  explicit ReplayServer(Handler handler) : handler_(std::move(handler)) {
    auto record = [this](const httplib::Request& request, httplib::Response& response) {
      {
        std::lock_guard lock(mutex_);
        seen_.push_back({request.path,
                         {request.params.begin(), request.params.end()},
                         request.get_header_value("User-Agent"),
                         request.method,
                         request.body,
                         request.get_header_value("Authorization")});
      }
      handler_(request, response);
    };
    server_.Get(".*", record);
    server_.Post(".*", record);  // an LLM endpoint's chat completions
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~ReplayServer() {
    server_.stop();
    thread_.join();
  }

  std::string url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }
  std::vector<SeenRequest> seen() {
    std::lock_guard lock(mutex_);
    return seen_;
  }

 private:
  Handler handler_;
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
  std::mutex mutex_;
  std::vector<SeenRequest> seen_;
};

}  // namespace paperboy::testing
