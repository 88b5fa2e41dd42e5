#include "ingest/oai_pmh.h"

#include <gtest/gtest.h>

#include "test_support.h"

namespace paperboy {
namespace {

std::string fixture(const std::string& name) {
  return testing::read_file(testing::fixture_data("formats/" + name));
}

// A page in the new arXiv server's format (oaipmh.arxiv.org templates: 4-space indents, single
// quotes), with `records` spliced in.
std::string page(const std::string& records, const std::string& token = "") {
  return "<?xml version='1.0' encoding='UTF-8'?>\n<OAI-PMH "
         "xmlns='http://www.openarchives.org/OAI/2.0/'>\n"
         "    <responseDate>2026-11-20T10:00:00Z</responseDate>\n"
         "    <request verb='ListRecords' metadataPrefix='arXiv' "
         "set='cs'>https://oaipmh.arxiv.org/oai</request>\n"
         "    <ListRecords>\n" +
         records + "        <resumptionToken expirationDate='2026-11-21T00:00:00Z'>" + token +
         "</resumptionToken>\n    </ListRecords>\n</OAI-PMH>\n";
}

std::string arxiv_record(const std::string& id, const std::string& title,
                         const std::string& extra = "") {
  return "<record><header><identifier>oai:arXiv.org:" + id +
         "</identifier><datestamp>2026-11-19</datestamp>"
         "<setSpec>cs</setSpec></header><metadata><arXiv xmlns='http://arxiv.org/OAI/arXiv/'><id>" +
         id +
         "</id><created>2026-11-18</created><authors><author><keyname>Lovelace</"
         "keyname><forenames>Ada</forenames>"
         "</author></authors><title>" +
         title + "</title><categories>cs.LG stat.ML</categories>" + extra +
         "<abstract>An abstract.</abstract></arXiv></metadata></record>\n";
}

TEST(OaiPmhTest, ReadsArxivFormatRecordsOfALegacyPage) {
  auto parsed = parse_oai_page(fixture("oai-listrecords-arXiv.xml"));
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  ASSERT_EQ(parsed->records.size(), 3u);
  EXPECT_TRUE(parsed->problems.empty());
  EXPECT_FALSE(parsed->resumption_token.has_value());  // the fixture was trimmed to one page
  const OaiRecord& first = parsed->records[0];
  EXPECT_EQ(first.identifier, "oai:arXiv.org:1412.8323");
  EXPECT_EQ(first.datestamp, (Date{2017, 12, 14}));
  EXPECT_EQ(first.sets, std::vector<std::string>{"physics:hep-th"});
  ASSERT_TRUE(first.paper.has_value());
  const Paper& p = *first.paper;
  EXPECT_EQ(p.id, "1412.8323");
  EXPECT_EQ(p.title,
            "Toolbox for reconstructing quantum theory from rules on information acquisition");
  EXPECT_EQ(p.authors, std::vector<std::string>{"Philipp A Hoehn"});
  EXPECT_EQ(p.published, (Date{2014, 12, 29}));
  EXPECT_EQ(p.updated, (Date{2017, 12, 13}));
  EXPECT_EQ(p.categories.front(), "quant-ph");
  EXPECT_EQ(p.categories.size(), 6u);
  EXPECT_EQ(p.license, "http://creativecommons.org/licenses/by/4.0/");
  EXPECT_EQ(p.abstract.rfind("We develop an operational approach", 0), 0u);
}

TEST(OaiPmhTest, ReadsGetRecordWithJournalRefAndDoi) {
  auto parsed = parse_oai_page(fixture("oai-getrecord-arXiv.xml"));
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  ASSERT_EQ(parsed->records.size(), 1u);
  const Paper& p = *parsed->records[0].paper;
  EXPECT_EQ(p.id, "1401.2122");
  EXPECT_EQ(p.authors, std::vector<std::string>{"A. Sergyeyev"});
  EXPECT_FALSE(p.journal_ref.empty());
  EXPECT_FALSE(p.doi.empty());
}

TEST(OaiPmhTest, ReadsArxivRawVersionsAndFreeTextAuthors) {
  auto parsed = parse_oai_page(fixture("oai-getrecord-arXivRaw.xml"));
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  const Paper& p = *parsed->records.at(0).paper;
  EXPECT_EQ(p.id, "1810.09584");
  EXPECT_EQ(p.version, 2);
  EXPECT_EQ(p.published, (Date{2018, 10, 22}));
  EXPECT_EQ(p.updated, (Date{2019, 1, 13}));
  EXPECT_EQ(p.authors.size(), 4u);
  EXPECT_EQ(p.authors[3], "\\'Edgar Rold\\'an");
  EXPECT_EQ(p.journal_ref, "EPL 124,60006 (2018)");
  EXPECT_EQ(parsed->records[0].sets,
            (std::vector<std::string>{"physics:cond-mat", "physics:physics"}));
}

TEST(OaiPmhTest, ResumptionTokenAndUnsupportedFormatsAreReported) {
  auto parsed = parse_oai_page(fixture("oai-listrecords-oai_dc.xml"));
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  EXPECT_EQ(parsed->resumption_token, "6960524|1001");
  EXPECT_TRUE(parsed->records.empty());
  ASSERT_EQ(parsed->problems.size(), 5u);
  EXPECT_NE(parsed->problems[0].find("not arXiv or arXivRaw"), std::string::npos)
      << parsed->problems[0];
}

TEST(OaiPmhTest, NewServerPagesAndTheirEmptyLastToken) {
  auto more =
      parse_oai_page(page(arxiv_record("2611.00001", "First"), "verb%3DListRecords%26skip%3D1000"));
  ASSERT_TRUE(more.ok()) << more.error().message;
  EXPECT_EQ(more->resumption_token, "verb%3DListRecords%26skip%3D1000");
  EXPECT_EQ(more->records.at(0).paper->authors, std::vector<std::string>{"Ada Lovelace"});
  auto last = parse_oai_page(page(arxiv_record("2611.00002", "Second")));
  ASSERT_TRUE(last.ok());
  EXPECT_EQ(last->resumption_token, "");  // present and empty: the list is complete
}

TEST(OaiPmhTest, DeletedRecordsCarryNoPaper) {
  std::string deleted =
      "<record><header status='deleted'><identifier>oai:arXiv.org:2611.00003</identifier>"
      "<datestamp>2026-11-19</datestamp><setSpec>cs</setSpec></header></record>\n";
  auto parsed = parse_oai_page(page(deleted + arxiv_record("2611.00004", "Kept")));
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  ASSERT_EQ(parsed->records.size(), 2u);
  EXPECT_TRUE(parsed->records[0].deleted);
  EXPECT_FALSE(parsed->records[0].paper.has_value());
  EXPECT_EQ(parsed->records[0].identifier, "oai:arXiv.org:2611.00003");
  EXPECT_FALSE(parsed->records[1].deleted);
}

TEST(OaiPmhTest, OaiErrorsAreReturnedWithTheirCodes) {
  auto parsed = parse_oai_page(
      "<OAI-PMH "
      "xmlns='http://www.openarchives.org/OAI/2.0/'><responseDate>2026-11-20T10:00:00Z</"
      "responseDate>"
      "<request verb='ListRecords'>https://oaipmh.arxiv.org/oai</request>"
      "<error code='noRecordsMatch'>The combination of the values of the from, until, set and "
      "metadataPrefix "
      "arguments results in an empty list.</error></OAI-PMH>");
  ASSERT_TRUE(parsed.ok());
  ASSERT_EQ(parsed->errors.size(), 1u);
  EXPECT_EQ(parsed->errors[0].code, "noRecordsMatch");
  EXPECT_TRUE(parsed->records.empty());
  EXPECT_FALSE(parsed->resumption_token.has_value());
}

TEST(OaiPmhTest, BadRecordsAreLeftOutAndNamed) {
  std::string bad_id = arxiv_record("not-an-id", "Bad id");
  std::string no_title = arxiv_record("2611.00005", "");
  auto parsed = parse_oai_page(page(bad_id + arxiv_record("2611.00006", "Good") + no_title));
  ASSERT_TRUE(parsed.ok());
  ASSERT_EQ(parsed->records.size(), 1u);
  EXPECT_EQ(parsed->records[0].paper->id, "2611.00006");
  ASSERT_EQ(parsed->problems.size(), 2u);
  EXPECT_EQ(
      parsed->problems[0].rfind("record 1 (oai:arXiv.org:not-an-id): left out: identifier:", 0), 0u)
      << parsed->problems[0];
  EXPECT_EQ(parsed->problems[1].rfind("record 3 (oai:arXiv.org:2611.00005): left out:", 0), 0u)
      << parsed->problems[1];
}

TEST(OaiPmhTest, DeletedRecordsNameTheirPaperAndMismatchedIdsAreLeftOut) {
  std::string deleted =
      "<record><header status='deleted'><identifier>oai:arXiv.org:math/0309136</identifier>"
      "<datestamp>2026-11-02</datestamp></header></record>";
  std::string mismatched = arxiv_record("2611.00009", "Mismatch");
  size_t at = mismatched.find("<id>2611.00009</id>");
  ASSERT_NE(at, std::string::npos);
  mismatched.replace(at, 19, "<id>2611.00010</id>");
  auto parsed = parse_oai_page(page(deleted + mismatched));
  ASSERT_TRUE(parsed.ok());
  ASSERT_EQ(parsed->records.size(), 1u);
  EXPECT_TRUE(parsed->records[0].deleted);
  EXPECT_EQ(parsed->records[0].paper_id, "math/0309136");
  ASSERT_EQ(parsed->problems.size(), 1u);
  EXPECT_NE(parsed->problems[0].find("differs from the identifier"), std::string::npos)
      << parsed->problems[0];
}

TEST(OaiPmhTest, EnormousFieldsAreCutAndReported) {
  std::string huge(50'000, 'x');
  auto parsed = parse_oai_page(page(arxiv_record("2611.00007", "Title " + huge)));
  ASSERT_TRUE(parsed.ok());
  ASSERT_EQ(parsed->records.size(), 1u);
  EXPECT_EQ(parsed->records[0].paper->title.size(), 2'000u);
  ASSERT_EQ(parsed->problems.size(), 1u);
  EXPECT_NE(parsed->problems[0].find("title cut to 2000 bytes"), std::string::npos);
}

TEST(OaiPmhTest, TruncatedXmlAndHtmlPagesAreErrors) {
  std::string whole = page(arxiv_record("2611.00008", "Whole"));
  auto truncated = parse_oai_page(std::string_view(whole).substr(0, whole.size() / 2));
  ASSERT_FALSE(truncated.ok());
  EXPECT_NE(truncated.error().message.find("malformed XML at byte"), std::string::npos)
      << truncated.error().message;
  auto html = parse_oai_page(
      "<html><head><title>503 Service Unavailable</title></head><body>busy</body></html>");
  ASSERT_FALSE(html.ok());
  EXPECT_NE(html.error().message.find("not an OAI-PMH response: the document is <html>"),
            std::string::npos);
  EXPECT_FALSE(parse_oai_page("").ok());
}

}  // namespace
}  // namespace paperboy
