#include "index/acronym_synonyms.h"

#include <fmt/format.h>

#include <map>
#include <sstream>
#include <string>

#include "index/lexical_layout.h"

namespace paperboy {

void store_acronym_synonyms(Xapian::WritableDatabase& shard, const AcronymCounts& counts) {
  auto parse_winners = [](const std::string& text) {
    std::map<std::string, std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
      if (auto tab = line.find('\t'); tab != std::string::npos)
        out[line.substr(0, tab)] = line.substr(tab + 1);
    }
    return out;
  };
  const auto before = parse_winners(shard.get_metadata(kAcronymWinnersKey));
  const auto after = counts.winners();
  for (const auto& [acronym, expansion] : before) {
    auto now = after.find(acronym);
    if (now != after.end() && now->second == expansion) continue;
    shard.clear_synonyms(acronym);
    shard.clear_synonyms(expansion);
    if (now == after.end()) shard.set_metadata(kAcronymWrittenPrefix + acronym, "");
  }
  std::string listed;
  for (const auto& [acronym, expansion] : after) {
    listed += fmt::format("{}\t{}\n", acronym, expansion);
    const std::string key = kAcronymWrittenPrefix + acronym;
    if (std::string form = counts.written(acronym); shard.get_metadata(key) != form)
      shard.set_metadata(key, form);
    auto then = before.find(acronym);
    if (then != before.end() && then->second == expansion) continue;
    shard.add_synonym(acronym, expansion);
    shard.add_synonym(expansion, acronym);
  }
  shard.set_metadata(kAcronymCountsKey, counts.serialise());
  shard.set_metadata(kAcronymWinnersKey, listed);
}

}  // namespace paperboy
