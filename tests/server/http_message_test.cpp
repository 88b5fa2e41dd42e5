// Our request and response values, and the URL text the transport decodes into them: what the
// routes rely on now that no HTTP library's types reach them.
#include "server/http/http_message.h"

#include <gtest/gtest.h>

#include "server/http/url_text.h"

namespace paperboy {
namespace {

TEST(UrlText, PercentDecodingKeepsWhatIsNotAnEscape) {
  EXPECT_EQ(percent_decoded("Ada%20Lovelace", false), "Ada Lovelace");
  EXPECT_EQ(percent_decoded("a+b", false), "a+b");  // a path's '+' is itself
  EXPECT_EQ(percent_decoded("a+b", true), "a b");   // a query's is a space
  EXPECT_EQ(percent_decoded("%2e%2E%2F", false), "../");
  EXPECT_EQ(percent_decoded("100%", false), "100%");
  EXPECT_EQ(percent_decoded("%zz%4", false), "%zz%4");
  EXPECT_EQ(percent_decoded("%00", false), std::string(1, '\0'));
}

TEST(UrlText, AQueryBecomesItsParametersInOrder) {
  QueryParams params;
  add_query_params("q=graph+neural%20nets&section=a&section=b&flag&=nameless&token=YQ==&", params);
  EXPECT_EQ(params.count("section"), 2u);
  EXPECT_EQ(params.find("q")->second, "graph neural nets");
  EXPECT_EQ(params.find("flag")->second, "");
  EXPECT_EQ(params.find("token")->second, "YQ==");  // everything after the first '='
  EXPECT_EQ(params.count(""), 0u);
  auto [first, last] = params.equal_range("section");
  EXPECT_EQ(first->second, "a");
  EXPECT_EQ(std::next(first)->second, "b");
}

TEST(UrlText, ParametersWrittenBackDecodeToThemselves) {
  QueryParams params{{"q", "a&b=c d/é"}, {"page", "2"}};
  QueryParams back;
  add_query_params(query_text(params), back);
  EXPECT_EQ(back, params);
  EXPECT_EQ(query_text(params), "page=2&q=a%26b%3Dc%20d%2F%C3%A9");  // by name, all encoded
}

TEST(HttpMessage, HeaderNamesIgnoreCaseAndParametersRepeat) {
  ServerRequest req;
  req.headers.emplace("content-type", "application/json");
  req.params.emplace("section", "a");
  req.params.emplace("section", "b");
  EXPECT_TRUE(req.has_header("Content-Type"));
  EXPECT_EQ(req.get_header_value("CONTENT-TYPE"), "application/json");
  EXPECT_EQ(req.get_header_value("Accept"), "");
  EXPECT_EQ(req.get_param_value_count("section"), 2u);
  EXPECT_EQ(req.get_param_value("section", 1), "b");
  EXPECT_EQ(req.get_param_value("section", 2), "");
  EXPECT_FALSE(req.has_param("q"));
}

// A value that would end the header line and start another is never sent.
TEST(HttpMessage, AHeaderThatWouldSplitTheResponseIsDropped) {
  ServerResponse res;
  res.add_header("Location", "/ok");
  res.add_header("Location", "/x\r\nSet-Cookie: stolen=1");
  res.add_header("X-Evil\n", "1");
  res.add_header("X-Nul", std::string("a\0b", 3));
  EXPECT_EQ(res.headers.size(), 1u);
  EXPECT_EQ(res.get_header_value("location"), "/ok");
}

TEST(HttpMessage, SetContentReplacesTheTypeAndCookiesAccumulate) {
  ServerResponse res;
  res.set_content("{}", "application/json");
  res.set_content("<p>", "text/html");
  EXPECT_EQ(res.headers.count("Content-Type"), 1u);
  EXPECT_EQ(res.get_header_value("content-type"), "text/html");
  res.add_header("Set-Cookie", "a=1");
  res.add_header("Set-Cookie", "b=2");
  EXPECT_EQ(res.get_header_value("Set-Cookie", 1), "b=2");
}

}  // namespace
}  // namespace paperboy
