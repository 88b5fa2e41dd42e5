#include "server/formats/atom_feed.h"

#include <chrono>

#include "server/formats/hf_json.h"

namespace paperboy {
namespace {

// RFC 3339 at midnight UTC: days are what the store knows.
std::string atom_time(const Date& day) { return day.str() + "T00:00:00Z"; }

Date today_utc() {
  auto days = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
  std::chrono::year_month_day ymd{days};
  return Date{static_cast<int>(ymd.year()), static_cast<int>(static_cast<unsigned>(ymd.month())),
              static_cast<int>(static_cast<unsigned>(ymd.day()))};
}

}  // namespace

std::string atom_feed(const FeedInfo& info, std::span<const Paper> papers) {
  Date updated = info.updated.empty() ? today_utc() : info.updated;
  std::string out =
      "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n";
  out += "  <title>" + xml_escape(info.title) + "</title>\n";
  out += "  <id>" + xml_escape(info.self_url) + "</id>\n";
  out += "  <link rel=\"self\" type=\"application/atom+xml\" href=\"" + xml_escape(info.self_url) +
         "\"/>\n";
  out += "  <link rel=\"alternate\" href=\"" + xml_escape(info.site_url) + "/\"/>\n";
  out += "  <updated>" + atom_time(updated) + "</updated>\n";
  out += "  <generator>paperboy</generator>\n";
  for (const Paper& p : papers) {
    std::string link =
        p.is_arxiv() ? "https://arxiv.org/abs/" + p.id : info.site_url + "/api/papers/" + p.id;
    Date entry_updated = !p.hub_day.empty() ? p.hub_day : !p.updated.empty() ? p.updated : updated;
    out += "  <entry>\n";
    out += "    <id>" + xml_escape(link) + "</id>\n";
    out += "    <title>" + xml_escape(p.title) + "</title>\n";
    out += "    <link rel=\"alternate\" href=\"" + xml_escape(link) + "\"/>\n";
    if (!p.published.empty()) out += "    <published>" + atom_time(p.published) + "</published>\n";
    out += "    <updated>" + atom_time(entry_updated) + "</updated>\n";
    for (const auto& name : p.authors)
      out += "    <author><name>" + xml_escape(name) + "</name></author>\n";
    for (const auto& category : p.categories)
      out += "    <category term=\"" + xml_escape(category) + "\"/>\n";
    out += "    <summary>" + xml_escape(p.abstract) + "</summary>\n";
    out += "  </entry>\n";
  }
  return out + "</feed>\n";
}

}  // namespace paperboy
