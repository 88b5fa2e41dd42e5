#include "server/formats/paper_markdown.h"

namespace paperboy {
namespace {

// Text in one paragraph: line breaks become spaces, and a leading character that would open a
// heading, a list or a quote is escaped.
std::string paragraph(const std::string& text) {
  std::string out;
  for (char c : text) out += c == '\n' || c == '\r' ? ' ' : c;
  if (!out.empty() &&
      (out[0] == '#' || out[0] == '>' || out[0] == '-' || out[0] == '+' || out[0] == '*')) {
    out.insert(out.begin(), '\\');
  }
  return out;
}

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

}  // namespace

std::string paper_markdown(const Paper& paper) {
  std::string out = "# " + paragraph(paper.title) + "\n\n";
  if (!paper.authors.empty()) out += "**Authors:** " + paragraph(joined(paper.authors)) + "\n\n";
  std::string facts;
  auto add = [&facts](const std::string& fact) { facts += (facts.empty() ? "" : " · ") + fact; };
  if (!paper.published.empty()) add("**Published:** " + paper.published.str());
  if (!paper.hub_day.empty()) add("**Daily papers:** " + paper.hub_day.str());
  add("**Upvotes:** " + std::to_string(paper.total_upvotes()));
  if (!paper.categories.empty()) add("**Categories:** " + joined(paper.categories));
  if (!paper.organization.empty()) add("**Organization:** " + paragraph(paper.organization));
  out += facts + "\n\n";
  if (paper.is_arxiv()) {
    out += "**arXiv:** https://arxiv.org/abs/" + paper.id + " · **PDF:** https://arxiv.org/pdf/" +
           paper.id + "\n\n";
  }
  if (!paper.doi.empty()) out += "**DOI:** https://doi.org/" + paper.doi + "\n\n";
  if (!paper.journal_ref.empty()) out += "**Journal:** " + paragraph(paper.journal_ref) + "\n\n";
  if (!paper.comments.empty()) out += "**Comments:** " + paragraph(paper.comments) + "\n\n";
  out += "## Abstract\n\n" + paragraph(paper.abstract) + "\n";
  return out;
}

}  // namespace paperboy
