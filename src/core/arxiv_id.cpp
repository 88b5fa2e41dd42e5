#include "core/arxiv_id.h"

#include <cctype>
#include <string>

namespace paperboy {
namespace {

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

// Months 01..12 only: arXiv's yymm is a real month.
bool valid_yymm(std::string_view yymm) {
  if (yymm.size() != 4 || !all_digits(yymm)) return false;
  int month = (yymm[2] - '0') * 10 + (yymm[3] - '0');
  return month >= 1 && month <= 12;
}

// Splits a trailing "vN" off; returns false when the suffix is malformed ("v", "v0", "vx").
bool split_version(std::string_view& id, int& version) {
  // Search only after the archive name: "solv-int/9901001" has a 'v' that is no version.
  auto slash = id.rfind('/');
  auto v = id.rfind('v');
  if (v == std::string_view::npos || (slash != std::string_view::npos && v < slash)) return true;
  std::string_view digits = id.substr(v + 1);
  if (!all_digits(digits) || digits.size() > 4 || digits[0] == '0') return false;
  version = std::stoi(std::string(digits));
  id = id.substr(0, v);
  return true;
}

bool valid_new_style(std::string_view id) {
  // yymm.nnnn (2007-2014) or yymm.nnnnn (2015 on).
  auto dot = id.find('.');
  if (dot != 4) return false;
  std::string_view number = id.substr(5);
  if (!valid_yymm(id.substr(0, 4)) || !all_digits(number)) return false;
  int year = (id[0] - '0') * 10 + (id[1] - '0');
  return year >= 15 ? number.size() == 5 : number.size() == 4;
}

bool valid_archive(std::string_view archive) {
  // "math", "hep-th", "cond-mat", with an optional subject class: "math.AG".
  if (archive.empty()) return false;
  auto dot = archive.find('.');
  std::string_view name = archive.substr(0, dot);
  if (name.empty() || !std::islower(static_cast<unsigned char>(name[0]))) return false;
  for (char c : name) {
    if (!std::islower(static_cast<unsigned char>(c)) && c != '-') return false;
  }
  if (dot == std::string_view::npos) return true;
  std::string_view subject = archive.substr(dot + 1);
  if (subject.size() != 2) return false;
  for (char c : subject) {
    if (!std::isalpha(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

bool valid_old_style(std::string_view id) {
  auto slash = id.find('/');
  if (slash == std::string_view::npos) return false;
  std::string_view number = id.substr(slash + 1);
  return valid_archive(id.substr(0, slash)) && number.size() == 7 && all_digits(number) &&
         valid_yymm(number.substr(0, 4));
}

std::string_view strip_wrapping(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  for (std::string_view scheme : {"https://", "http://"}) {
    if (s.substr(0, scheme.size()) == scheme) s.remove_prefix(scheme.size());
  }
  if (s.substr(0, 4) == "www.") s.remove_prefix(4);
  for (std::string_view prefix : {"arxiv.org/abs/", "arxiv.org/pdf/", "export.arxiv.org/abs/"}) {
    if (s.substr(0, prefix.size()) == prefix) {
      s.remove_prefix(prefix.size());
      if (s.size() > 4 && s.substr(s.size() - 4) == ".pdf") s.remove_suffix(4);
    }
  }
  if (s.size() > 6) {
    std::string lower(s.substr(0, 6));
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (lower == "arxiv:") s.remove_prefix(6);
  }
  return s;
}

}  // namespace

std::string ArxivId::str() const {
  return version > 0 ? base + "v" + std::to_string(version) : base;
}

Result<ArxivId> parse_arxiv_id(std::string_view text) {
  std::string_view id = strip_wrapping(text);
  auto fail = [&](const char* why) {
    return Error{"not an arXiv id: '" + std::string(text) + "' (" + why + ")"};
  };
  if (id.empty()) return fail("empty");
  int version = 0;
  if (!split_version(id, version)) return fail("bad version suffix");
  if (auto slash = id.find('/'); slash != std::string_view::npos) {
    if (!valid_old_style(id)) return fail("expected archive/YYMMNNN, e.g. math/0309136");
    // "math.AG/0309136" names the subject class too; arXiv's canonical id is "math/0309136".
    std::string_view archive = id.substr(0, slash);
    auto dot = archive.find('.');
    if (dot != std::string_view::npos) {
      return ArxivId{std::string(archive.substr(0, dot)) + std::string(id.substr(slash)), version};
    }
  } else if (!valid_new_style(id)) {
    return fail("expected YYMM.NNNNN, e.g. 2410.14649");
  }
  return ArxivId{std::string(id), version};
}

}  // namespace paperboy
