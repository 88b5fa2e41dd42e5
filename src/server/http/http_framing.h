// How a request's body is framed, judged before it is read. RFC 9112 §6.1 and §6.3: a request
// framed two ways (Content-Length and Transfer-Encoding), or by a coding this server does not
// know ("xchunked", "identity", "chunked, identity"), may be read differently by a proxy in front
// of it, and the rest of its bytes run as a second request (request smuggling). Such a request
// is refused with 400 and its connection closed, never guessed at.
#pragma once

#include <boost/beast/http.hpp>
#include <optional>
#include <string>

namespace paperboy {

// Why the request's framing is refused, or nothing when it is plain: no Transfer-Encoding, or
// exactly one that says "chunked" and no Content-Length beside it.
std::optional<std::string> ambiguous_framing(const boost::beast::http::request_header<>& header);

}  // namespace paperboy
