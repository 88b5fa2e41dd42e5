// How route files register their handlers: by method, with a name for /metrics and the request
// log (the pattern with its parameters named, not every concrete path).
#pragma once

#include <httplib.h>

#include <functional>
#include <string>

namespace paperboy {

class Routes {
 public:
  using Handler = httplib::Server::Handler;
  using Add = std::function<void(const char* method, const std::string& name,
                                 const std::string& pattern, Handler handler)>;
  explicit Routes(Add add) : add_(std::move(add)) {}

  void get(const std::string& name, const std::string& pattern, Handler h) const {
    add_("GET", name, pattern, std::move(h));
  }
  void post(const std::string& name, const std::string& pattern, Handler h) const {
    add_("POST", name, pattern, std::move(h));
  }
  void put(const std::string& name, const std::string& pattern, Handler h) const {
    add_("PUT", name, pattern, std::move(h));
  }
  void del(const std::string& name, const std::string& pattern, Handler h) const {
    add_("DELETE", name, pattern, std::move(h));
  }
  void patch(const std::string& name, const std::string& pattern, Handler h) const {
    add_("PATCH", name, pattern, std::move(h));
  }

 private:
  Add add_;
};

}  // namespace paperboy
