// libFuzzer: any bytes as an HTTP request, through what the server does before a route runs:
// Beast's parser (with the server's header limit), the framing rule, the path's decoding, the
// router with a static mount, and the same-site rule for redirects. Besides crashes, it checks
// the two properties of issue 32: a static answer is always a file below its mount (a link
// out of the tree and a secret beside it are planted), and a redirect target never leaves the
// site as a browser would read it.
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>

#include "server/http/http_framing.h"
#include "server/http/http_router.h"
#include "server/http/same_site.h"
#include "support/browser_location.h"

namespace {

namespace fs = std::filesystem;
namespace http = boost::beast::http;

struct Site {
  Site() {
    root = fs::temp_directory_path() / ("paperboy-fuzz-request-" + std::to_string(::getpid()));
    fs::create_directories(root / "static" / "fonts");
    write(root / "static" / "style.css", "inside:style");
    write(root / "static" / "fonts" / "a.woff2", "inside:font");
    write(root / "secret.txt", "SECRET");
    std::error_code ignored;
    fs::create_symlink(root / "secret.txt", root / "static" / "link.css", ignored);
    fs::create_symlink("/etc/passwd", root / "static" / "passwd.css", ignored);
    router.mount("/static", root / "static", {});
    router.fallback(
        [](const paperboy::ServerRequest&, paperboy::ServerResponse& res) { res.status = 404; });
    router.add(
        "POST", "/:rest(.*)",
        [](const paperboy::ServerRequest&, paperboy::ServerResponse& res) { res.status = 200; });
    router.add("GET", "/papers/:id/comments/:n",
               [](const paperboy::ServerRequest& req, paperboy::ServerResponse& res) {
                 // A number parameter holds digits only, whatever the path held around it.
                 if (req.path_params.size() != 2 || req.path_params[1].empty() ||
                     req.path_params[1].find_first_not_of("0123456789") != std::string::npos)
                   std::abort();
                 res.status = 200;
               });
  }
  static void write(const fs::path& file, const std::string& text) { std::ofstream(file) << text; }
  fs::path root;
  paperboy::HttpRouter router;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static Site site;
  http::request_parser<http::string_body> parser;
  parser.header_limit(16 * 1024);
  parser.body_limit(1 << 20);
  parser.eager(true);
  boost::beast::error_code ec;
  parser.put(boost::asio::buffer(data, size), ec);
  if (ec || !parser.is_header_done()) return 0;
  (void)paperboy::ambiguous_framing(parser.get().base());
  const std::string target(parser.get().target());
  const size_t question = target.find('?');
  const std::string path = paperboy::percent_decoded(target.substr(0, question), false);
  paperboy::QueryParams params;
  if (question != std::string::npos)
    paperboy::add_query_params(target.substr(question + 1), params);

  if (auto location = paperboy::same_site_target(path)) {
    if (paperboy::testing::browser_leaves_site(*location)) std::abort();
  }
  paperboy::ServerRequest req;
  req.method = std::string(parser.get().method_string());
  req.path = path;
  req.params = std::move(params);
  paperboy::ServerResponse res;
  const std::string route = site.router.dispatch(req, res);
  if (route == "static" && res.body != "inside:style" && res.body != "inside:font") std::abort();
  return 0;
}
