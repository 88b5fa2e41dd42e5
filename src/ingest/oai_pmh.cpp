#include "ingest/oai_pmh.h"

#include <pugixml.hpp>
#include <sstream>

#include "core/arxiv_id.h"
#include "core/text_normalise.h"
#include "ingest/author_names.h"

namespace paperboy {
namespace {

// arXiv declares a default namespace on each part; other repositories use prefixes. Elements
// are matched by local name so both read the same.
std::string_view local_name(const pugi::xml_node& node) {
  std::string_view name = node.name();
  size_t colon = name.find(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

pugi::xml_node child(const pugi::xml_node& node, std::string_view name) {
  for (auto c : node.children()) {
    if (c.type() == pugi::node_element && local_name(c) == name) return c;
  }
  return {};
}

std::vector<pugi::xml_node> children(const pugi::xml_node& node, std::string_view name) {
  std::vector<pugi::xml_node> found;
  for (auto c : node.children()) {
    if (c.type() == pugi::node_element && local_name(c) == name) found.push_back(c);
  }
  return found;
}

// Reads text fields, cutting the enormous ones at a UTF-8 boundary and noting it.
class FieldReader {
 public:
  FieldReader(const OaiLimits& limits, std::vector<std::string>& cuts)
      : limits_(limits), cuts_(cuts) {}

  std::string text(const pugi::xml_node& parent, std::string_view name, size_t max) {
    std::string value = collapse_whitespace(child(parent, name).child_value());
    if (value.size() > max) {
      size_t cut = max;
      while (cut > 0 && (static_cast<unsigned char>(value[cut]) & 0xC0) == 0x80) --cut;
      value.resize(cut);
      cuts_.push_back(std::string(name) + " cut to " + std::to_string(max) + " bytes");
    }
    return value;
  }
  const OaiLimits& limits() const { return limits_; }

 private:
  const OaiLimits& limits_;
  std::vector<std::string>& cuts_;
};

Result<Date> date_field(const pugi::xml_node& parent, std::string_view name) {
  std::string text = collapse_whitespace(child(parent, name).child_value());
  if (text.empty()) return Date{};
  auto date = parse_date(text);
  if (!date.ok()) return Error{std::string(name) + ": " + date.error().message};
  return *date;
}

void read_common(const pugi::xml_node& meta, FieldReader& fields, Paper& p) {
  const OaiLimits& limits = fields.limits();
  p.title = fields.text(meta, "title", limits.title_bytes);
  p.abstract = fields.text(meta, "abstract", limits.abstract_bytes);
  p.comments = fields.text(meta, "comments", limits.field_bytes);
  p.journal_ref = fields.text(meta, "journal-ref", limits.field_bytes);
  p.doi = fields.text(meta, "doi", limits.field_bytes);
  p.license = fields.text(meta, "license", limits.field_bytes);
  std::stringstream categories(collapse_whitespace(child(meta, "categories").child_value()));
  for (std::string c; categories >> c;) p.categories.push_back(c);
}

Result<Paper> paper_from_arxiv(const pugi::xml_node& meta, FieldReader& fields) {
  Paper p;
  auto id = parse_arxiv_id(collapse_whitespace(child(meta, "id").child_value()));
  if (!id.ok()) return Error{"id: " + id.error().message};
  p.id = id->base;
  read_common(meta, fields, p);
  auto created = date_field(meta, "created");
  if (!created.ok()) return created.error();
  auto updated = date_field(meta, "updated");
  if (!updated.ok()) return updated.error();
  p.published = *created;
  p.updated = updated->empty() ? *created : *updated;
  for (const auto& author : children(child(meta, "authors"), "author")) {
    std::string name;
    for (const char* part : {"forenames", "keyname", "suffix"}) {
      std::string piece = fields.text(author, part, fields.limits().field_bytes);
      if (!piece.empty()) name += (name.empty() ? "" : " ") + piece;
    }
    if (!name.empty()) p.authors.push_back(name);
  }
  return p;
}

Result<Paper> paper_from_arxiv_raw(const pugi::xml_node& meta, FieldReader& fields) {
  Paper p;
  auto id = parse_arxiv_id(collapse_whitespace(child(meta, "id").child_value()));
  if (!id.ok()) return Error{"id: " + id.error().message};
  p.id = id->base;
  read_common(meta, fields, p);
  for (const auto& version : children(meta, "version")) {
    std::string label = version.attribute("version").value();  // "v2"
    auto date = date_field(version, "date");
    if (!date.ok()) return Error{"version " + label + ": " + date.error().message};
    if (p.published.empty() || (!date->empty() && *date < p.published)) p.published = *date;
    p.updated = std::max(p.updated, *date);
    if (label.size() > 1 && label[0] == 'v')
      p.version = std::max(p.version, std::atoi(label.c_str() + 1));
  }
  p.authors = authors_from_text(fields.text(meta, "authors", fields.limits().field_bytes * 16));
  return p;
}

// One <record>: its header, and its paper unless it is deleted.
Result<OaiRecord> read_record(const pugi::xml_node& node, const OaiLimits& limits,
                              std::vector<std::string>& cuts) {
  OaiRecord record;
  pugi::xml_node header = child(node, "header");
  if (!header) return Error{"no <header>"};
  record.identifier = collapse_whitespace(child(header, "identifier").child_value());
  if (record.identifier.empty()) return Error{"no <identifier>"};
  // arXiv's identifiers are "oai:arXiv.org:" and the id; anything else names no arXiv paper.
  constexpr std::string_view kPrefix = "oai:arXiv.org:";
  if (!record.identifier.starts_with(kPrefix)) return Error{"identifier is not oai:arXiv.org:<id>"};
  auto id = parse_arxiv_id(std::string_view(record.identifier).substr(kPrefix.size()));
  if (!id.ok()) return Error{"identifier: " + id.error().message};
  record.paper_id = id->base;
  auto datestamp = date_field(header, "datestamp");
  if (!datestamp.ok()) return datestamp.error();
  record.datestamp = *datestamp;
  for (const auto& set : children(header, "setSpec"))
    record.sets.push_back(collapse_whitespace(set.child_value()));
  record.deleted = std::string_view(header.attribute("status").value()) == "deleted";
  if (record.deleted) return record;

  pugi::xml_node metadata = child(node, "metadata");
  pugi::xml_node format = metadata.first_child();
  while (format && format.type() != pugi::node_element) format = format.next_sibling();
  if (!format) return Error{"no <metadata>"};
  FieldReader fields(limits, cuts);
  Result<Paper> paper = Error{""};
  if (local_name(format) == "arXiv") {
    paper = paper_from_arxiv(format, fields);
  } else if (local_name(format) == "arXivRaw") {
    paper = paper_from_arxiv_raw(format, fields);
  } else {
    return Error{"metadata format <" + std::string(local_name(format)) +
                 "> is not arXiv or arXivRaw"};
  }
  if (!paper.ok()) return paper.error();
  if (auto s = validate_paper(*paper); !s.ok()) return s.error();
  if (paper->id != record.paper_id)
    return Error{"metadata id " + paper->id + " differs from the identifier"};
  record.paper = std::move(paper).value();
  if (record.paper->authors.size() > limits.authors) {
    record.paper->authors.resize(limits.authors);
    cuts.push_back("authors cut to " + std::to_string(limits.authors));
  }
  return record;
}

}  // namespace

Result<OaiPage> parse_oai_page(std::string_view xml, const OaiLimits& limits) {
  pugi::xml_document doc;
  pugi::xml_parse_result parsed = doc.load_buffer(xml.data(), xml.size());
  if (!parsed) {
    return Error{"malformed XML at byte " + std::to_string(parsed.offset) + ": " +
                 parsed.description()};
  }
  pugi::xml_node root = doc.document_element();
  if (local_name(root) != "OAI-PMH") {
    return Error{"not an OAI-PMH response: the document is <" + std::string(root.name()) + ">"};
  }
  OaiPage page;
  for (const auto& error : children(root, "error")) {
    page.errors.push_back(
        {error.attribute("code").value(), collapse_whitespace(error.child_value())});
  }
  pugi::xml_node list = child(root, "ListRecords");
  if (!list) list = child(root, "GetRecord");
  int n = 0;
  for (const auto& node : children(list, "record")) {
    ++n;
    std::vector<std::string> cuts;
    auto record = read_record(node, limits, cuts);
    std::string where =
        "record " + std::to_string(n) + " (" +
        collapse_whitespace(child(child(node, "header"), "identifier").child_value()) + ")";
    if (!record.ok()) {
      page.problems.push_back(where + ": left out: " + record.error().message);
      continue;
    }
    for (const auto& cut : cuts) page.problems.push_back(where + ": " + cut);
    page.records.push_back(std::move(record).value());
  }
  if (pugi::xml_node token = child(list, "resumptionToken")) {
    page.resumption_token = collapse_whitespace(token.child_value());
  }
  return page;
}

}  // namespace paperboy
