#include "index/paper_document.h"

#include <cctype>

#include "core/name_keys.h"
#include "core/text_normalise.h"

namespace paperboy {

Xapian::TermGenerator make_term_generator() {
  Xapian::TermGenerator generator;
  generator.set_stemmer(Xapian::Stem("english"));
  generator.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
  return generator;
}

Xapian::TermGenerator make_indexing_generator(Xapian::WritableDatabase& db) {
  Xapian::TermGenerator generator = make_term_generator();
  generator.set_database(db);
  generator.set_flags(Xapian::TermGenerator::FLAG_SPELLING);
  return generator;
}

std::string category_term(std::string_view category) {
  std::string term = index_terms::kCategory;
  for (char c : category) term += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return term;
}

std::string organization_term(std::string_view name) {
  std::string term = index_terms::kOrganization;
  for (char c : name) {
    term += std::isspace(static_cast<unsigned char>(c))
                ? '-'
                : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return term;
}

Xapian::Document make_paper_document(const StoredPaper& stored, Xapian::TermGenerator& generator,
                                     const DocumentOptions& options) {
  const Paper& paper = stored.paper;
  Xapian::Document doc;
  generator.set_document(doc);

  std::string title = normalise_for_index(paper.title);
  generator.index_text(title, 1, index_terms::kTitle);
  generator.increase_termpos();
  generator.index_text(title, options.title_weight);
  generator.increase_termpos();
  generator.index_text(normalise_for_index(paper.abstract));
  if (!paper.ai_summary.empty()) {
    // The summary and keywords are searched like the abstract they restate.
    generator.increase_termpos();
    generator.index_text(normalise_for_index(paper.ai_summary));
    for (const auto& keyword : paper.ai_keywords) {
      generator.increase_termpos();
      generator.index_text(normalise_for_index(keyword));
    }
  }
  for (const auto& author : paper.authors) {
    // Positions keep "author:\"Ada Lovelace\"" a phrase within one name, not across two.
    generator.increase_termpos();
    generator.index_text(fold_accents(author), 1, index_terms::kAuthor);
    for (const auto& key : author_name_keys(author)) doc.add_term(index_terms::kAuthorName + key);
  }

  for (const auto& category : paper.categories) {
    doc.add_boolean_term(category_term(category));
    // "cat:cs" finds every cs.* paper; "cat:math" every math.* one.
    if (auto dot = category.find('.'); dot != std::string::npos) {
      doc.add_boolean_term(category_term(category.substr(0, dot)));
    }
  }
  doc.add_boolean_term(index_terms::kId + paper.id);
  if (!paper.code_link.empty()) doc.add_boolean_term(std::string(index_terms::kHas) + "code");
  if (!paper.organization.empty()) doc.add_boolean_term(organization_term(paper.organization));
  auto day_value = [](const Date& d) {
    return d.empty() ? std::string() : std::to_string(d.yyyymmdd());
  };
  doc.add_value(index_terms::kPublishedSlot, day_value(paper.published));
  doc.add_value(index_terms::kHubDaySlot, day_value(paper.hub_day));
  // Hub upvotes and community votes as of this update: sort=votes orders by it.
  doc.add_value(index_terms::kUpvotesSlot, Xapian::sortable_serialise(paper.total_upvotes()));
  doc.set_data(paper.id);
  return doc;
}

}  // namespace paperboy
