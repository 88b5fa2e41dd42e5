// OAI-PMH pages written exactly as arXiv's current server (oaipmh.arxiv.org) writes them: its
// Jinja templates' 4-space indents, single-quoted attributes, url-quoted resumption tokens with
// an expirationDate and no cursor, an empty <resumptionToken/> on the last page.
#pragma once

#include <fmt/format.h>

#include <string>
#include <vector>

namespace paperboy::testing {

struct OaiTestRecord {
  std::string id;
  std::string title;
  std::string datestamp = "2026-11-19";
  std::string created = "2026-11-18";
  std::string updated;  // empty: a first version
  std::string categories = "cs.LG stat.ML";
  bool deleted = false;
};

inline std::string oai_record(const OaiTestRecord& r) {
  if (r.deleted) {
    return fmt::format(
        "        <record>\n            <header status='deleted'>\n"
        "                <identifier>oai:arXiv.org:{}</identifier>\n                "
        "<datestamp>{}</datestamp>\n"
        "                <setSpec>cs</setSpec>\n            </header>\n        </record>\n",
        r.id, r.datestamp);
  }
  return fmt::format(
      "        <record>\n            <header>\n                "
      "<identifier>oai:arXiv.org:{0}</identifier>\n"
      "                <datestamp>{1}</datestamp>\n                <setSpec>cs</setSpec>\n         "
      "   </header>\n"
      "            <metadata>\n                <arXiv xmlns='http://arxiv.org/OAI/arXiv/' "
      "xmlns:xsi='http://www.w3.org/2001/XMLSchema-instance' "
      "xsi:schemaLocation='http://arxiv.org/OAI/arXiv/ https://oaipmh.arxiv.org/OAI/arXiv.xsd'>\n"
      "                    <id>{0}</id>\n                    <created>{2}</created>\n{3}"
      "                    <authors>\n                        <author>\n"
      "                            <keyname>Lovelace</keyname>\n                            "
      "<forenames>Ada</forenames>\n"
      "                        </author>\n                    </authors>\n"
      "                    <title>{4}</title>\n                    <categories>{5}</categories>\n"
      "                    <license>http://creativecommons.org/licenses/by/4.0/</license>\n"
      "                    <abstract>  An abstract about {4}.\n</abstract>\n"
      "                </arXiv>\n            </metadata>\n        </record>\n",
      r.id, r.datestamp, r.created,
      r.updated.empty() ? "" : "                    <updated>" + r.updated + "</updated>\n",
      r.title, r.categories);
}

// A ListRecords page; `token` empty makes it the last page.
inline std::string oai_page(const std::vector<OaiTestRecord>& records, const std::string& token) {
  std::string body;
  for (const auto& r : records) body += oai_record(r);
  return "<?xml version='1.0' encoding='UTF-8'?>\n"
         "<OAI-PMH xmlns='http://www.openarchives.org/OAI/2.0/' "
         "xmlns:xsi='http://www.w3.org/2001/XMLSchema-instance' "
         "xsi:schemaLocation='http://www.openarchives.org/OAI/2.0/ "
         "http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd'>\n"
         "    <responseDate>2026-11-20T10:00:00Z</responseDate>\n"
         "    <request verb='ListRecords' metadataPrefix='arXiv' "
         "set='cs'>https://oaipmh.arxiv.org/oai</request>\n"
         "    <ListRecords>\n" +
         body +
         (token.empty() ? std::string("        <resumptionToken/>\n")
                        : "        <resumptionToken expirationDate='2026-11-21T00:00:00Z'>" +
                              token + "</resumptionToken>\n") +
         "    </ListRecords>\n</OAI-PMH>\n";
}

// An OAI error response, as arXiv words them.
inline std::string oai_error(const std::string& code, const std::string& message) {
  return "<?xml version='1.0' encoding='UTF-8'?>\n<OAI-PMH "
         "xmlns='http://www.openarchives.org/OAI/2.0/'>\n"
         "    <responseDate>2026-11-20T10:00:00Z</responseDate>\n"
         "    <request verb='ListRecords'>https://oaipmh.arxiv.org/oai</request>\n"
         "    <error code='" +
         code + "'>" + message + "</error>\n</OAI-PMH>\n";
}

// The token arXiv would give for the page starting at `skip`.
inline std::string arxiv_token(int skip) {
  return "verb%3DListRecords%26metadataPrefix%3DarXiv%26set%3Dcs%26skip%3D" + std::to_string(skip);
}

}  // namespace paperboy::testing
