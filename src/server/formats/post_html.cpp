#include "server/formats/post_html.h"

#include <fmt/format.h>

#include "server/formats/post_markdown.h"

namespace paperboy {

std::string post_html(const DiscussionPost& post) {
  return post.rendered_by == kPostRenderer ? post.rendered : post_to_html(post.body);
}

void keep_post_html(Store& store, int64_t post_id, std::string_view text) {
  auto kept = store.discussions().keep_rendering(post_id, text, kPostRenderer, post_to_html(text));
  if (!kept.ok()) {
    fmt::print(stderr, "post {}: its HTML was not kept ({}); pages render it instead\n", post_id,
               kept.message());
  }
}

}  // namespace paperboy
