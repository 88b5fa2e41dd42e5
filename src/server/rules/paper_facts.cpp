#include "server/rules/paper_facts.h"

#include <unordered_map>

namespace paperboy {

Result<std::vector<PaperCommunityFacts>> community_facts(Store& store,
                                                         std::span<const StoredPaper> papers) {
  std::vector<int64_t> ids;
  std::unordered_map<int64_t, size_t> index;
  for (size_t i = 0; i < papers.size(); ++i) {
    ids.push_back(papers[i].doc_id);
    index.emplace(papers[i].doc_id, i);
  }
  std::vector<PaperCommunityFacts> facts(papers.size());
  auto counts = store.discussions().visible_counts(ids);
  if (!counts.ok()) return counts.error();
  for (const auto& count : *counts) {
    if (auto at = index.find(count.doc_id); at != index.end())
      facts[at->second].num_comments = count.posts;
  }
  auto slots = store.profiles().claimed_slots(ids);
  if (!slots.ok()) return slots.error();
  for (const auto& slot : *slots) {
    if (auto at = index.find(slot.doc_id); at != index.end()) {
      facts[at->second].claimed_authors.emplace_back(slot.position, slot.handle);
    }
  }
  auto submitters = store.profiles().submitters(ids);
  if (!submitters.ok()) return submitters.error();
  for (const auto& [doc_id, handle] : *submitters) {
    if (auto at = index.find(doc_id); at != index.end()) facts[at->second].local_submitter = handle;
  }
  return facts;
}

}  // namespace paperboy
