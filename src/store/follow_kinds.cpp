#include <algorithm>

#include "core/handle.h"
#include "store/reader_preferences.h"

namespace paperboy {

std::string_view follow_kind_name(Follow::Kind kind) {
  switch (kind) {
    case Follow::Kind::kAuthor:
      return "author";
    case Follow::Kind::kOrganization:
      return "organization";
    case Follow::Kind::kCategory:
      break;
  }
  return "category";
}

std::optional<Follow::Kind> parse_follow_kind(std::string_view name) {
  for (Follow::Kind kind :
       {Follow::Kind::kCategory, Follow::Kind::kAuthor, Follow::Kind::kOrganization}) {
    if (follow_kind_name(kind) == name) return kind;
  }
  return std::nullopt;
}

bool follow_matches(const Follow& follow, const Paper& paper) {
  if (follow.kind == Follow::Kind::kOrganization) {
    return !paper.organization.empty() &&
           handle_key(paper.organization) == handle_key(follow.value);
  }
  const auto& values = follow.kind == Follow::Kind::kCategory ? paper.categories : paper.authors;
  return std::find(values.begin(), values.end(), follow.value) != values.end();
}

}  // namespace paperboy
