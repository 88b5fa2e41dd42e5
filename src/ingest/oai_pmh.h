// One OAI-PMH response page (ListRecords or GetRecord) from arXiv, in the `arXiv` or `arXivRaw`
// metadata format: its records, its flow control (resumption token) and its OAI errors.
// A record that cannot be read whole is left out and reported, never half-stored.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/paper.h"
#include "core/result.h"

namespace paperboy {

struct OaiRecord {
  std::string identifier;  // "oai:arXiv.org:1412.8323"
  std::string paper_id;    // "1412.8323": the key of the paper it describes, deleted or not
  Date datestamp;
  std::vector<std::string> sets;
  bool deleted = false;        // status="deleted": the paper was withdrawn from the repository
  std::optional<Paper> paper;  // absent for deleted records
};

struct OaiError {
  std::string code;  // noRecordsMatch, badResumptionToken, badArgument, …
  std::string message;
};

struct OaiPage {
  std::vector<OaiRecord> records;
  std::vector<OaiError> errors;
  // More pages follow when this is present and not empty (the last page has an empty one, or
  // none at all).
  std::optional<std::string> resumption_token;
  // Records left out or fields cut, one line each: "record 3 (oai:arXiv.org:…): reason".
  std::vector<std::string> problems;
};

// Field sizes beyond which text is cut (and reported): real arXiv records stay well below.
struct OaiLimits {
  size_t title_bytes = 2'000;
  size_t abstract_bytes = 20'000;
  size_t field_bytes = 4'000;  // comments, journal-ref, doi, license, each author
  size_t authors = 3'000;
};

// Fails when the body is not an OAI-PMH document at all: malformed or truncated XML (with the
// byte offset), or another document such as an HTML error page (with its root element).
Result<OaiPage> parse_oai_page(std::string_view xml, const OaiLimits& limits = {});

}  // namespace paperboy
