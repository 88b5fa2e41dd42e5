#include "ingest/snapshot_record.h"

#include <sstream>

#include "core/arxiv_id.h"
#include "core/text_normalise.h"
#include "ingest/author_names.h"

namespace paperboy {
namespace {

using nlohmann::json;

std::string text_field(const json& in, const char* key) {
  auto it = in.find(key);
  return it != in.end() && it->is_string() ? collapse_whitespace(it->get<std::string>()) : "";
}

// authors_parsed is [[last, first, suffix], …]; the display form is "first last suffix".
std::vector<std::string> authors_from_parsed(const json& parsed) {
  std::vector<std::string> names;
  for (const auto& entry : parsed) {
    if (!entry.is_array() || entry.empty()) continue;
    std::string name;
    auto part = [&](size_t i) {
      return i < entry.size() && entry[i].is_string()
                 ? collapse_whitespace(entry[i].get<std::string>())
                 : std::string();
    };
    for (const std::string& piece : {part(1), part(0), part(2)}) {
      if (piece.empty()) continue;
      if (!name.empty()) name += ' ';
      name += piece;
    }
    if (!name.empty()) names.push_back(name);
  }
  return names;
}

}  // namespace

bool looks_like_snapshot_record(const json& in) {
  if (!in.is_object()) return false;
  auto authors = in.find("authors");
  return in.contains("versions") || in.contains("authors_parsed") || in.contains("submitter") ||
         (authors != in.end() && authors->is_string());
}

Result<Paper> paper_from_snapshot_record(const json& in) {
  if (!in.is_object()) return Error{"expected a JSON object"};
  auto id_field = in.find("id");
  if (id_field == in.end() || !id_field->is_string()) return Error{"id: missing or not a string"};
  auto id = parse_arxiv_id(id_field->get<std::string>());
  if (!id.ok()) return Error{"id: " + id.error().message};

  Paper p;
  p.id = id->base;
  p.version = id->version;
  p.title = text_field(in, "title");
  p.abstract = text_field(in, "abstract");
  p.comments = text_field(in, "comments");
  p.journal_ref = text_field(in, "journal-ref");
  p.doi = text_field(in, "doi");
  p.license = text_field(in, "license");

  auto parsed = in.find("authors_parsed");
  if (parsed != in.end() && parsed->is_array()) p.authors = authors_from_parsed(*parsed);
  if (p.authors.empty()) p.authors = authors_from_text(text_field(in, "authors"));

  std::stringstream categories(text_field(in, "categories"));
  for (std::string c; categories >> c;) p.categories.push_back(c);

  auto versions = in.find("versions");
  if (versions != in.end() && versions->is_array()) {
    for (size_t i = 0; i < versions->size(); ++i) {
      const json& v = (*versions)[i];
      std::string where = "versions[" + std::to_string(i) + "]";
      if (!v.is_object()) return Error{where + ": expected an object"};
      auto created = v.find("created");
      if (created == v.end() || !created->is_string()) return Error{where + ".created: missing"};
      auto date = parse_date(created->get<std::string>());
      if (!date.ok()) return Error{where + ".created: " + date.error().message};
      if (i == 0) p.published = *date;
      p.updated = *date;
      auto label = v.find("version");
      if (label != v.end() && label->is_string()) {
        const std::string& s = label->get_ref<const std::string&>();
        if (s.size() > 1 && s[0] == 'v') p.version = std::max(p.version, std::atoi(s.c_str() + 1));
      }
    }
  }
  if (p.published.empty()) {
    if (auto update = text_field(in, "update_date"); !update.empty()) {
      auto date = parse_date(update);
      if (!date.ok()) return Error{"update_date: " + date.error().message};
      p.published = p.updated = *date;
    }
  }
  if (auto s = validate_paper(p); !s.ok()) return s.error();
  return p;
}

}  // namespace paperboy
