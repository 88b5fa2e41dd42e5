// How a paper becomes a Xapian document. The prefixes and value slots here are the contract
// between the index writer and the query builder.
#pragma once

#include <xapian.h>

#include <string>

#include "store/store.h"

namespace paperboy {

namespace index_terms {
inline constexpr const char* kTitle = "S";   // title:  (Xapian's convention for subject)
inline constexpr const char* kAuthor = "A";  // author:
// An author's name as a name (core/name_keys.h): "XNyu qiao", "XNy qiao". Plain words match
// authors only through these.
inline constexpr const char* kAuthorName = "XN";
inline constexpr const char* kCategory = "XC";  // cat:    boolean, lower case
inline constexpr const char* kId = "Q";         // the paper's key, unique per document
inline constexpr const char* kHas = "XH";       // has:code   boolean
inline constexpr const char* kOrganization =
    "XO";  // org:    boolean, the organisation's name in lower case
inline constexpr Xapian::valueno kPublishedSlot = 0;  // "YYYYMMDD", sorts as text
inline constexpr Xapian::valueno kHubDaySlot = 1;     // "YYYYMMDD"
inline constexpr Xapian::valueno kUpvotesSlot = 2;    // Xapian::sortable_serialise
// Bumped when the document layout changes; an index of another layout must be rebuilt.
inline constexpr const char* kLayoutVersion = "3";  // 2: has:, org:, summaries; 3: name keys
}  // namespace index_terms

struct DocumentOptions {
  // How many times the title's words count in the free-text field, against once for the
  // abstract: titles are short and say what a paper is about.
  unsigned title_weight = 2;
};

// Xapian::TermGenerator set up as the query side expects (English stemming, STEM_SOME).
Xapian::TermGenerator make_term_generator();

// The generator the index writers use for `db`: make_term_generator's, also adding spelling
// data for "Did you mean" (the unprefixed words: titles and abstracts). A replaced paper's
// words are counted again (Xapian cannot subtract them); frequencies only rank candidates, so
// a rebuild now and then suffices.
Xapian::TermGenerator make_indexing_generator(Xapian::WritableDatabase& db);

// Fills a document with the paper's terms and values; `generator` is reused across calls.
Xapian::Document make_paper_document(const StoredPaper& stored, Xapian::TermGenerator& generator,
                                     const DocumentOptions& options);

// "cs.LG" → "XCcs.lg": categories are matched without regard to case.
std::string category_term(std::string_view category);
// "Tencent AI Lab" → "XOtencent-ai-lab": org:tencent-ai-lab, without regard to case.
std::string organization_term(std::string_view name);

}  // namespace paperboy
