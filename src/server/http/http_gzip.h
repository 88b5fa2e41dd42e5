// Compresses a text answer for a client that accepts gzip, as browsers all do: pages, JSON and
// feeds shrink four- to eight-fold.
#pragma once

#include "server/http/http_message.h"

namespace paperboy {

// Gzips `res.body` in place when the request accepts gzip, the type is text-like and the body
// is large enough to gain; sets Content-Encoding and Vary.
void gzip_if_accepted(const ServerRequest& req, ServerResponse& res);

}  // namespace paperboy
