// How route files register their handlers: by method and pattern (http_router.h says what a
// pattern may hold; it is also the route's name in /metrics and the log).
#pragma once

#include <string>

#include "server/http/http_router.h"

namespace paperboy {

class Routes {
 public:
  explicit Routes(HttpRouter& router) : router_(router) {}

  void get(const std::string& pattern, RouteHandler h) const {
    router_.add("GET", pattern, std::move(h));
  }
  void post(const std::string& pattern, RouteHandler h) const {
    router_.add("POST", pattern, std::move(h));
  }
  void put(const std::string& pattern, RouteHandler h) const {
    router_.add("PUT", pattern, std::move(h));
  }
  void del(const std::string& pattern, RouteHandler h) const {
    router_.add("DELETE", pattern, std::move(h));
  }
  void patch(const std::string& pattern, RouteHandler h) const {
    router_.add("PATCH", pattern, std::move(h));
  }
  // Every GET no other route or static file answers.
  void fallback(RouteHandler h) const { router_.fallback(std::move(h)); }

 private:
  HttpRouter& router_;
};

}  // namespace paperboy
