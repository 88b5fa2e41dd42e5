#include "ingest/paper_json.h"

namespace paperboy {
namespace {

using nlohmann::json;

void put_text(json& out, const char* key, const std::string& value) {
  if (!value.empty()) out[key] = value;
}

Status read_text(const json& in, const char* key, std::string& out) {
  auto it = in.find(key);
  if (it == in.end() || it->is_null()) return Status::Ok();
  if (!it->is_string()) return Error{std::string(key) + ": expected a string"};
  out = it->get<std::string>();
  return Status::Ok();
}

Status read_list(const json& in, const char* key, std::vector<std::string>& out) {
  auto it = in.find(key);
  if (it == in.end() || it->is_null()) return Status::Ok();
  if (!it->is_array()) return Error{std::string(key) + ": expected an array of strings"};
  for (const auto& item : *it) {
    if (!item.is_string()) return Error{std::string(key) + ": expected an array of strings"};
    out.push_back(item.get<std::string>());
  }
  return Status::Ok();
}

Status read_date(const json& in, const char* key, Date& out) {
  std::string text;
  if (auto s = read_text(in, key, text); !s.ok() || text.empty()) return s;
  auto date = parse_date(text);
  if (!date.ok()) return Error{std::string(key) + ": " + date.error().message};
  out = *date;
  return Status::Ok();
}

Status read_int(const json& in, const char* key, int& out) {
  auto it = in.find(key);
  if (it == in.end() || it->is_null()) return Status::Ok();
  if (!it->is_number_integer() || *it < 0 || *it > 1'000'000'000) {
    return Error{std::string(key) + ": expected a non-negative integer"};
  }
  out = it->get<int>();
  return Status::Ok();
}

}  // namespace

json paper_to_json(const Paper& p) {
  json out = json::object();
  out["id"] = p.id;
  if (p.version > 0) out["version"] = p.version;
  out["title"] = p.title;
  put_text(out, "abstract", p.abstract);
  if (!p.authors.empty()) out["authors"] = p.authors;
  if (!p.categories.empty()) out["categories"] = p.categories;
  put_text(out, "published", p.published.str());
  put_text(out, "updated", p.updated.str());
  put_text(out, "hub_day", p.hub_day.str());
  if (p.upvotes > 0) out["upvotes"] = p.upvotes;
  put_text(out, "organization", p.organization);
  put_text(out, "organization_fullname", p.organization_fullname);
  put_text(out, "organization_set_by", p.organization_set_by);
  put_text(out, "hub_submitter", p.submitter);  // not "submitter": that key marks a snapshot line
  put_text(out, "hub_submitter_fullname", p.submitter_fullname);
  put_text(out, "doi", p.doi);
  put_text(out, "comments", p.comments);
  put_text(out, "journal_ref", p.journal_ref);
  put_text(out, "license", p.license);
  // Links found in the text are found again on import; the hub's and a reader's travel.
  if (!p.links_set_by.empty()) {
    out["links_set_by"] = p.links_set_by;
    put_text(out, "code_link", p.code_link);
    put_text(out, "project_page", p.project_page);
    if (p.github_stars > 0) out["github_stars"] = p.github_stars;
    if (!p.hub_artifacts.empty()) out["hub_artifacts"] = p.hub_artifacts;
  }
  if (!p.ai_summary.empty()) {
    out["ai_summary"] = p.ai_summary;
    if (!p.ai_keywords.empty()) out["ai_keywords"] = p.ai_keywords;
    put_text(out, "ai_model", p.ai_model);
    if (p.ai_version > 0) out["ai_version"] = p.ai_version;
  }
  return out;
}

Result<Paper> paper_from_json(const json& in) {
  if (!in.is_object()) return Error{"expected a JSON object"};
  Paper p;
  std::string id;
  for (Status s : {read_text(in, "id", id),
                   read_int(in, "version", p.version),
                   read_text(in, "title", p.title),
                   read_text(in, "abstract", p.abstract),
                   read_list(in, "authors", p.authors),
                   read_list(in, "categories", p.categories),
                   read_date(in, "published", p.published),
                   read_date(in, "updated", p.updated),
                   read_date(in, "hub_day", p.hub_day),
                   read_int(in, "upvotes", p.upvotes),
                   read_text(in, "organization", p.organization),
                   read_text(in, "organization_fullname", p.organization_fullname),
                   read_text(in, "organization_set_by", p.organization_set_by),
                   read_text(in, "doi", p.doi),
                   read_text(in, "hub_submitter", p.submitter),
                   read_text(in, "hub_submitter_fullname", p.submitter_fullname),
                   read_text(in, "comments", p.comments),
                   read_text(in, "journal_ref", p.journal_ref),
                   read_text(in, "license", p.license),
                   read_text(in, "links_set_by", p.links_set_by),
                   read_text(in, "code_link", p.code_link),
                   read_text(in, "project_page", p.project_page),
                   read_int(in, "github_stars", p.github_stars),
                   read_list(in, "hub_artifacts", p.hub_artifacts),
                   read_text(in, "ai_summary", p.ai_summary),
                   read_list(in, "ai_keywords", p.ai_keywords),
                   read_text(in, "ai_model", p.ai_model),
                   read_int(in, "ai_version", p.ai_version)}) {
    if (!s.ok()) return s.error();
  }
  auto key = parse_paper_key(id);
  if (!key.ok()) return Error{"id: " + key.error().message};
  p.id = key->id;
  if (key->version > 0 && p.version == 0) p.version = key->version;
  if (auto s = validate_paper(p); !s.ok()) return s.error();
  return p;
}

}  // namespace paperboy
