#include "server/http/http_gzip.h"

#include <zlib.h>

namespace paperboy {
namespace {

bool compressible(const std::string& type) {
  return type.rfind("text/", 0) == 0 || type.find("json") != std::string::npos ||
         type.find("xml") != std::string::npos || type.find("javascript") != std::string::npos ||
         type.rfind("image/svg", 0) == 0;
}

bool accepts_gzip(const ServerRequest& req) {
  // Coarse: "gzip;q=0" is as rare as it is odd.
  return req.get_header_value("Accept-Encoding").find("gzip") != std::string::npos;
}

}  // namespace

void gzip_if_accepted(const ServerRequest& req, ServerResponse& res) {
  constexpr size_t kSmallest = 512;  // below this the header outweighs the gain
  if (res.body.size() < kSmallest || res.has_header("Content-Encoding") || !accepts_gzip(req) ||
      !compressible(res.get_header_value("Content-Type"))) {
    return;
  }
  z_stream stream{};
  // windowBits 15 + 16: a gzip wrapper rather than zlib's.
  if (deflateInit2(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) !=
      Z_OK)
    return;
  std::string out(deflateBound(&stream, res.body.size()), '\0');
  stream.next_in = reinterpret_cast<Bytef*>(res.body.data());
  stream.avail_in = static_cast<uInt>(res.body.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  int result = deflate(&stream, Z_FINISH);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  if (result != Z_STREAM_END) return;  // sent as it is
  res.body = std::move(out);
  res.add_header("Content-Encoding", "gzip");
  res.add_header("Vary", "Accept-Encoding");
}

}  // namespace paperboy
