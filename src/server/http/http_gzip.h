// Compresses a text answer for a client that accepts gzip, as cpp-httplib's server did for
// browsers: pages, JSON and feeds shrink four- to eight-fold.
#pragma once

#include <httplib.h>

namespace paperboy {

// Gzips `res.body` in place when the request accepts gzip, the type is text-like and the body
// is large enough to gain; sets Content-Encoding and Vary.
void gzip_if_accepted(const httplib::Request& req, httplib::Response& res);

}  // namespace paperboy
