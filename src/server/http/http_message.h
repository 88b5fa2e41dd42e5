// A request and its response as routes see them: plain values the transport (http_engine)
// fills from the wire and writes back, so nothing above server/http/ knows the HTTP library.
// Shaped after the few calls the routes make (headers and parameters by name), nothing more.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "server/http/url_text.h"

namespace paperboy {

// Header names compare without regard to case (RFC 9110 section 5.1).
struct HeaderNameLess {
  bool operator()(std::string_view a, std::string_view b) const;
  using is_transparent = void;
};
using HttpHeaders = std::multimap<std::string, std::string, HeaderNameLess>;

struct ServerRequest {
  std::string method;
  std::string target;  // as sent: the path and query, still percent-encoded
  std::string path;    // the target's path, percent-decoded ('+' stays '+')
  HttpHeaders headers;
  std::string body;
  QueryParams params;  // the query's, then those of an urlencoded form body
  // What the route's `:name` parts matched, in the pattern's order (http_router.h).
  std::vector<std::string> path_params;
  std::string remote_addr;  // the peer: a proxy's address when behind one
  int remote_port = 0;

  bool has_header(std::string_view name) const;
  // The `index`th value of that header, in the order sent; "" when there is none.
  std::string get_header_value(std::string_view name, size_t index = 0) const;
  bool has_param(std::string_view name) const;
  std::string get_param_value(std::string_view name, size_t index = 0) const;
  size_t get_param_value_count(std::string_view name) const;
};

struct ServerResponse {
  int status = -1;  // not set by the route: 200
  HttpHeaders headers;
  std::string body;

  bool has_header(std::string_view name) const;
  std::string get_header_value(std::string_view name, size_t index = 0) const;
  // Adds a header (a name may repeat, as Set-Cookie does). A name or value holding CR, LF or
  // NUL is dropped, never sent: it could end the header and start another.
  void add_header(std::string_view name, std::string_view value);
  // The body and its type, replacing any type set before.
  void set_content(std::string text, std::string_view content_type);
};

// What a route runs; the request's path_params are filled by then.
using RouteHandler = std::function<void(const ServerRequest&, ServerResponse&)>;

}  // namespace paperboy
