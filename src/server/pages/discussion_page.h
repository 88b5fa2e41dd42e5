// The discussion section of a paper page (discussion.tpl, a post.tpl per post): the posts a
// visitor may see in the order asked (?comments=newest|oldest|top, ?comments_p=), with the forms
// each may use — comment, reply, edit, delete, like, report, follow — and a refused comment
// shown again with its text and what to change.
#pragma once

#include <ctemplate/template.h>

#include <string>

#include "server/http/http_message.h"
#include "server/pages/page_helpers.h"

namespace paperboy {

// A comment form the server refused, as the reader left it.
struct RefusedPost {
  int64_t parent = 0;
  std::string text;
  std::string problem;
};

void add_discussion(const HubContext& hub, PageRequest& page, const ServerRequest& req,
                    const StoredPaper& stored, ctemplate::TemplateDictionary& paper_dict,
                    const RefusedPost* refused);

}  // namespace paperboy
