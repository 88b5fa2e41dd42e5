// A client that misbehaves on purpose: a raw socket to a server on loopback, sending exactly
// the bytes a test gives (half-open requests, ambiguous framing, paths no HTTP library would
// send as written) and reading whatever comes back.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <string>

namespace paperboy {

// A socket connected to the server; closed when it goes.
class RawClient {
 public:
  explicit RawClient(int port) : fd_(::socket(AF_INET, SOCK_STREAM, 0)) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
  }
  ~RawClient() {
    if (fd_ >= 0) ::close(fd_);
  }
  RawClient(const RawClient&) = delete;
  RawClient& operator=(const RawClient&) = delete;

  bool connected() const { return connected_; }
  bool send(const std::string& text) {
    return ::send(fd_, text.data(), text.size(), MSG_NOSIGNAL) == ssize_t(text.size());
  }

  // Everything the server sends until it closes the connection or `limit` passes; `closed`
  // says which.
  std::string read_until_closed(std::chrono::milliseconds limit, bool* closed = nullptr) {
    std::string text;
    auto deadline = std::chrono::steady_clock::now() + limit;
    if (closed) *closed = false;
    while (std::chrono::steady_clock::now() < deadline) {
      pollfd ready{fd_, POLLIN, 0};
      int left = int(std::chrono::duration_cast<std::chrono::milliseconds>(
                         deadline - std::chrono::steady_clock::now())
                         .count());
      if (::poll(&ready, 1, std::max(left, 1)) <= 0) continue;
      char chunk[4096];
      ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
      if (n <= 0) {
        if (closed) *closed = true;
        break;
      }
      text.append(chunk, size_t(n));
    }
    return text;
  }

 private:
  int fd_;
  bool connected_ = false;
};

// The status code of the first answer in `text`, or 0 when there is none.
inline int status_of(const std::string& text) {
  if (text.rfind("HTTP/1.", 0) != 0 || text.size() < 12) return 0;
  return std::atoi(text.substr(9, 3).c_str());
}

// One request on its own connection, answered and closed: the whole answer.
inline std::string raw_exchange(int port, const std::string& request,
                                std::chrono::milliseconds limit = std::chrono::seconds(10)) {
  RawClient client(port);
  if (!client.connected() || !client.send(request)) return "";
  return client.read_until_closed(limit);
}

}  // namespace paperboy
