// A client that behaves like a browser for the hub's forms: keeps the cookies it is given,
// reads the CSRF token from the pages and sends it back with each form.
#pragma once

#include <httplib.h>

#include <map>
#include <regex>
#include <string>

namespace paperboy::testing {

class HubClient {
 public:
  explicit HubClient(int port) : client_("127.0.0.1", port) {}

  httplib::Result get(const std::string& path) { return keep(client_.Get(path, headers())); }

  // Loads `page` for its CSRF token, then posts the form with it (unless told not to).
  httplib::Result post_form(const std::string& page, const std::string& action,
                            httplib::Params fields, bool with_csrf = true) {
    auto form = get(page);
    if (with_csrf && form) fields.emplace("csrf", csrf_in(form->body));
    return keep(client_.Post(action, headers(), fields));
  }

  // A JSON API call signed in by cookie, with the page's CSRF token in X-CSRF-Token.
  httplib::Result api(const std::string& method, const std::string& path,
                      const std::string& body = "", bool with_csrf = true) {
    httplib::Headers h = headers();
    if (with_csrf) {
      auto page = get("/");
      if (page) h.emplace("X-CSRF-Token", csrf_in(page->body));
    }
    if (method == "POST") return client_.Post(path, h, body, "application/json");
    if (method == "PUT") return client_.Put(path, h, body, "application/json");
    if (method == "PATCH") return client_.Patch(path, h, body, "application/json");
    if (method == "DELETE") return client_.Delete(path, h, body, "application/json");
    return client_.Get(path, h);
  }

  httplib::Result sign_up(const std::string& email, const std::string& name,
                          const std::string& password) {
    return post_form("/signup", "/signup",
                     {{"email", email}, {"name", name}, {"password", password}});
  }
  httplib::Result sign_in(const std::string& email, const std::string& password) {
    return post_form("/signin", "/signin", {{"email", email}, {"password", password}});
  }

  static std::string csrf_in(const std::string& html) {
    std::smatch m;
    return std::regex_search(html, m, std::regex(R"re(data-csrf="([^"]*)")re")) ? m[1].str() : "";
  }
  std::map<std::string, std::string>& cookies() { return cookies_; }
  std::string last_set_cookie;

 private:
  httplib::Headers headers() const {
    std::string cookie;
    for (const auto& [name, value] : cookies_)
      cookie += (cookie.empty() ? "" : "; ") + name + "=" + value;
    return cookie.empty() ? httplib::Headers{} : httplib::Headers{{"Cookie", cookie}};
  }
  httplib::Result keep(httplib::Result res) {
    if (!res) return res;
    for (auto [it, end] = res->headers.equal_range("Set-Cookie"); it != end; ++it) {
      last_set_cookie = it->second;
      std::string pair = it->second.substr(0, it->second.find(';'));
      size_t eq = pair.find('=');
      std::string name = pair.substr(0, eq), value = pair.substr(eq + 1);
      if (value.empty())
        cookies_.erase(name);
      else
        cookies_[name] = value;
    }
    return res;
  }

  httplib::Client client_;
  std::map<std::string, std::string> cookies_;
};

}  // namespace paperboy::testing
