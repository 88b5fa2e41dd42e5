// A paper as Markdown, for `/papers/{id}.md`: what the Hugging Face client's `read_paper`
// fetches, and what an agent or a notes app can take in whole.
#pragma once

#include <string>

#include "core/paper.h"

namespace paperboy {

// Title, authors, dates, categories, links and the abstract. LaTeX stays as written ($…$
// renders in most Markdown viewers); lines that would start Markdown blocks are escaped.
std::string paper_markdown(const Paper& paper);

}  // namespace paperboy
