#include "core/paper_links.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>

#include "core/paper.h"

namespace paperboy {
namespace {

struct Url {
  std::string scheme;  // "http" or "https"
  std::string host;    // lower case
  std::string path;    // from the first '/', without a trailing slash
  std::string query;
  std::vector<std::string> segments;
};

// An address in running text and where it stood.
struct Mention {
  Url url;
  size_t start = 0;
};

char lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

bool starts_with_nocase(std::string_view text, size_t at, std::string_view prefix) {
  if (text.size() - at < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    if (lower(text[at + i]) != prefix[i]) return false;
  }
  return true;
}

bool ends_with(std::string_view text, std::string_view suffix) { return text.ends_with(suffix); }

std::string to_lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = lower(c);
  return out;
}

// Characters that end an address in prose. Braces end it because the hub writes LaTeX's
// \href{url}{text} as "url{text}".
bool ends_address(char c) {
  return std::isspace(static_cast<unsigned char>(c)) ||
         std::string_view("{}<>\"\\|^`,;").find(c) != std::string_view::npos;
}

bool is_code_host(std::string_view host) {
  return host == "github.com" || host == "gitlab.com" || host == "bitbucket.org" ||
         host == "codeberg.org";
}

bool is_hub_host(std::string_view host) { return host == "huggingface.co" || host == "hf.co"; }

// Parses "scheme://host/path?query#fragment" (scheme already checked); nullopt when the host
// is not a plausible domain name.
std::optional<Url> parse_url(std::string_view text) {
  auto scheme_end = text.find("://");
  if (scheme_end == std::string_view::npos) return std::nullopt;
  std::string_view rest = text.substr(scheme_end + 3);
  size_t host_end = rest.find_first_of("/?#");
  std::string_view host = rest.substr(0, host_end);
  if (auto colon = host.find(':'); colon != std::string_view::npos) {
    std::string_view port = host.substr(colon + 1);
    if (port != "80" && port != "443") return std::nullopt;
    host = host.substr(0, colon);
  }
  while (host.ends_with('.')) host.remove_suffix(1);
  if (host.find('.') == std::string_view::npos || host.starts_with('.') || host.starts_with('-'))
    return std::nullopt;
  for (char c : host) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '-') return std::nullopt;
  }
  Url url;
  url.scheme = to_lower(text.substr(0, scheme_end));
  url.host = to_lower(host);
  // www.github.com is github.com; another site's "www." may be the only name it answers to.
  if (url.host.starts_with("www.")) {
    std::string bare = url.host.substr(4);
    if (is_code_host(bare) || is_hub_host(bare)) url.host = bare;
  }
  std::string_view after = host_end == std::string_view::npos ? "" : rest.substr(host_end);
  after = after.substr(0, after.find('#'));
  auto question = after.find('?');
  std::string_view path = after.substr(0, question);
  if (question != std::string_view::npos) url.query = std::string(after.substr(question + 1));
  while (path.ends_with('/')) path.remove_suffix(1);
  url.path = std::string(path);
  size_t i = 0;
  while (i < path.size()) {
    while (i < path.size() && path[i] == '/') ++i;
    size_t end = path.find('/', i);
    if (end == std::string_view::npos) end = path.size();
    if (end > i) url.segments.emplace_back(path.substr(i, end - i));
    i = end;
  }
  return url;
}

std::string url_text(const Url& url) {
  std::string out = url.scheme + "://" + url.host + url.path;
  if (!url.query.empty()) out += "?" + url.query;
  return out;
}

// Where an address begins at `at`, and the scheme to read it with: written out, or a bare code
// or hub host ("github.com/…") at the start of a word.
std::optional<std::string> address_start(std::string_view text, size_t at) {
  if (starts_with_nocase(text, at, "https://") || starts_with_nocase(text, at, "http://"))
    return "";
  bool word_start =
      at == 0 || std::string_view(" \t\n({[<:\"'").find(text[at - 1]) != std::string_view::npos;
  if (!word_start) return std::nullopt;
  for (std::string_view bare : {"github.com/", "gitlab.com/", "huggingface.co/", "www."}) {
    if (starts_with_nocase(text, at, bare)) return "https://";
  }
  return std::nullopt;
}

std::vector<Mention> find_mentions(std::string_view text) {
  std::vector<Mention> mentions;
  size_t i = 0;
  while (i < text.size()) {
    // Every address starts with h(ttp), g(ithub/itlab), h(uggingface) or w(ww): skip the rest
    // cheaply, since every stored paper's text passes through here on each read.
    const char first = lower(text[i]);
    if (first != 'h' && first != 'g' && first != 'w') {
      ++i;
      continue;
    }
    auto scheme = address_start(text, i);
    if (!scheme) {
      ++i;
      continue;
    }
    size_t end = i;
    int parens = 0, brackets = 0;
    while (end < text.size() && !ends_address(text[end])) {
      char c = text[end];
      if (c == '(') ++parens;
      if (c == '[') ++brackets;
      if ((c == ')' && --parens < 0) || (c == ']' && --brackets < 0)) break;
      ++end;
    }
    std::string_view raw = text.substr(i, end - i);
    while (!raw.empty() && std::string_view(".:!?'*~").find(raw.back()) != std::string_view::npos)
      raw.remove_suffix(1);
    if (auto url = parse_url(*scheme + std::string(raw))) mentions.push_back({std::move(*url), i});
    i = std::max(end, i + 1);
  }
  return mentions;
}

// The sentence before a mention, in lower case: what the paper says the address is.
std::string context_before(std::string_view text, size_t start) {
  size_t from = start > 120 ? start - 120 : 0;
  // Abstracts are often wrapped mid-sentence: a line break is a space.
  std::string before = to_lower(text.substr(from, start - from));
  for (char& c : before) {
    if (std::isspace(static_cast<unsigned char>(c))) c = ' ';
  }
  for (std::string_view stop : {". ", "? ", "! "}) {
    if (auto at = before.rfind(stop); at != std::string::npos) before.erase(0, at + stop.size());
  }
  return before;
}

bool mentions_any(std::string_view context, std::initializer_list<std::string_view> words) {
  return std::any_of(words.begin(), words.end(),
                     [&](std::string_view w) { return context.find(w) != std::string_view::npos; });
}

constexpr std::array kGithubNonRepos = {
    "orgs",        "topics", "features",   "marketplace", "sponsors", "settings", "about",
    "collections", "search", "apps",       "login",       "site",     "pricing",  "explore",
    "trending",    "users",  "enterprise", "security",    "readme"};
constexpr std::array kHubNonModels = {"papers", "collections", "blog",    "docs",  "organizations",
                                      "models", "tasks",       "learn",   "posts", "join",
                                      "login",  "settings",    "pricing", "chat",  "api",
                                      "spaces", "datasets"};

bool is_one_of(std::string_view word, const auto& list) {
  return std::find(list.begin(), list.end(), word) != list.end();
}

std::string without_git_suffix(std::string_view name) {
  return std::string(name.ends_with(".git") ? name.substr(0, name.size() - 4) : name);
}

// The repository an address on a code host points into, or "" (a profile, a search page).
std::string repository_of(const Url& url) {
  const auto& s = url.segments;
  if (s.size() < 2 || !is_code_host(url.host)) return {};
  if (url.host == "github.com" && is_one_of(to_lower(s[0]), kGithubNonRepos)) return {};
  if (url.host == "gitlab.com") {
    // Groups nest; "/-/" starts the project's own pages (tree, issues).
    std::string path;
    for (const auto& part : s) {
      if (part == "-") break;
      path += "/" + part;
    }
    if (std::count(path.begin(), path.end(), '/') < 2) return {};
    auto last = path.rfind('/');
    return "https://gitlab.com" + path.substr(0, last + 1) +
           without_git_suffix(path.substr(last + 1));
  }
  return "https://" + url.host + "/" + s[0] + "/" + without_git_suffix(s[1]);
}

// "model:org/name" and the like for an address on the hub, or "".
std::string hub_artifact_of(const Url& url) {
  const auto& s = url.segments;
  if (!is_hub_host(url.host) || s.empty()) return {};
  if ((s[0] == "datasets" || s[0] == "spaces") && s.size() >= 3) {
    return std::string(s[0] == "datasets" ? "dataset:" : "space:") + s[1] + "/" + s[2];
  }
  if (s.size() >= 2 && !is_one_of(s[0], kHubNonModels)) return "model:" + s[0] + "/" + s[1];
  return {};
}

bool is_page_host(std::string_view host) {
  for (std::string_view suffix :
       {".github.io", ".gitlab.io", ".pages.dev", ".netlify.app", ".vercel.app"}) {
    if (ends_with(host, suffix)) return true;
  }
  return false;
}

// Hosts whose pages are never a paper's own site, whatever the sentence says.
bool is_elsewhere(std::string_view host) {
  for (std::string_view other :
       {"arxiv.org", "doi.org", "dx.doi.org", "youtube.com", "youtu.be", "twitter.com", "x.com",
        "openreview.net", "drive.google.com", "docs.google.com", "colab.research.google.com",
        "zenodo.org", "kaggle.com", "linkedin.com", "wikipedia.org", "en.wikipedia.org",
        "creativecommons.org"}) {
    if (host == other) return true;
  }
  return is_code_host(host) || is_hub_host(host);
}

bool sentence_names_a_page(std::string_view context) {
  return mentions_any(context, {"project page", "project website", "project site",
                                "project homepage", "project webpage", "website", "webpage",
                                "web page", "homepage", "home page", "demo", "project:"});
}

bool sentence_names_code(std::string_view context) {
  return mentions_any(
      context, {"code", "our ", "we release", "released", "available", "open-source", "open source",
                "github", "implementation", "repository"});
}

void add_once(std::vector<std::string>& list, std::string item) {
  if (std::find(list.begin(), list.end(), item) == list.end()) list.push_back(std::move(item));
}

void find_in(std::string_view text, PaperLinks& links, bool& code_from_code_sentence) {
  for (const Mention& m : find_mentions(text)) {
    std::string context = context_before(text, m.start);
    if (std::string repo = repository_of(m.url); !repo.empty()) {
      // The first repository the paper calls its code; a cited one only when it names none.
      bool named_as_code = sentence_names_code(context);
      if (links.code.empty() || (named_as_code && !code_from_code_sentence)) {
        links.code = repo;
        code_from_code_sentence = named_as_code;
      }
    } else if (std::string artifact = hub_artifact_of(m.url); !artifact.empty()) {
      add_once(links.hub_artifacts, artifact);
    } else if (links.project_page.empty() && !is_elsewhere(m.url.host) &&
               (is_page_host(m.url.host) || sentence_names_a_page(context))) {
      links.project_page = url_text(m.url);
    }
  }
}

Result<Url> parse_typed_url(std::string_view text, std::string_view what) {
  std::string trimmed(text);
  while (!trimmed.empty() && std::isspace(static_cast<unsigned char>(trimmed.back())))
    trimmed.pop_back();
  while (!trimmed.empty() && std::isspace(static_cast<unsigned char>(trimmed.front())))
    trimmed.erase(0, 1);
  if (trimmed.size() > 500)
    return Error{std::string(what) + " is longer than 500 characters", ErrorCode::kInvalid};
  if (!starts_with_nocase(trimmed, 0, "https://") && !starts_with_nocase(trimmed, 0, "http://")) {
    if (trimmed.find("://") != std::string::npos || trimmed.find(':') < trimmed.find('/')) {
      return Error{std::string(what) + " must be an http:// or https:// address",
                   ErrorCode::kInvalid};
    }
    trimmed = "https://" + trimmed;
  }
  for (char c : trimmed) {
    if (std::isspace(static_cast<unsigned char>(c)) || static_cast<unsigned char>(c) < 0x20) {
      return Error{std::string(what) + " has a space in it", ErrorCode::kInvalid};
    }
  }
  auto url = parse_url(trimmed);
  if (!url)
    return Error{std::string(what) + " \"" + std::string(text) + "\" is not a web address",
                 ErrorCode::kInvalid};
  return *url;
}

}  // namespace

PaperLinks find_paper_links(std::string_view abstract, std::string_view comments) {
  PaperLinks links;
  bool code_from_code_sentence = false;
  find_in(abstract, links, code_from_code_sentence);
  find_in(comments, links, code_from_code_sentence);
  return links;
}

bool links_set_by_reader(std::string_view set_by) {
  return set_by != kLinksFromText && set_by != kLinksFromHub;
}

void resolve_paper_links(Paper& paper) {
  if (links_set_by_reader(paper.links_set_by)) return;
  PaperLinks found = find_paper_links(paper.abstract, paper.comments);
  if (paper.links_set_by == kLinksFromHub) {
    if (paper.code_link.empty()) paper.code_link = found.code;
    if (paper.project_page.empty()) paper.project_page = found.project_page;
    for (auto& artifact : found.hub_artifacts) add_once(paper.hub_artifacts, std::move(artifact));
    return;
  }
  paper.code_link = std::move(found.code);
  paper.project_page = std::move(found.project_page);
  paper.hub_artifacts = std::move(found.hub_artifacts);
  paper.github_stars = 0;
}

Result<std::string> normalise_code_link(std::string_view text) {
  if (text.find_first_not_of(" \t") == std::string_view::npos) return std::string();
  auto url = parse_typed_url(text, "githubRepo");
  if (!url.ok()) return url.error();
  if (!is_code_host(url->host)) {
    return Error{
        "githubRepo must be a repository on github.com, gitlab.com, bitbucket.org or codeberg.org, "
        "not " +
            url->host,
        ErrorCode::kInvalid};
  }
  std::string repo = repository_of(*url);
  if (repo.empty())
    return Error{"githubRepo must name a repository (owner/name), not " + url_text(*url),
                 ErrorCode::kInvalid};
  return repo;
}

Result<std::string> normalise_page_link(std::string_view text) {
  if (text.find_first_not_of(" \t") == std::string_view::npos) return std::string();
  auto url = parse_typed_url(text, "projectPage");
  if (!url.ok()) return url.error();
  return url_text(*url);
}

Result<std::string> normalise_hub_artifact(std::string_view kind, std::string_view text) {
  std::string id(text);
  while (!id.empty() && std::isspace(static_cast<unsigned char>(id.back()))) id.pop_back();
  while (!id.empty() && std::isspace(static_cast<unsigned char>(id.front()))) id.erase(0, 1);
  if (id.find("://") != std::string::npos || id.starts_with("huggingface.co/") ||
      id.starts_with("hf.co/")) {
    auto url = parse_typed_url(id, kind);
    if (!url.ok()) return url.error();
    std::string artifact = hub_artifact_of(*url);
    if (artifact.empty() || split_hub_artifact(artifact).first != kind) {
      return Error{"\"" + id + "\" is not the hub address of a " + std::string(kind),
                   ErrorCode::kInvalid};
    }
    return artifact;
  }
  auto slash = id.find('/');
  bool valid = slash != std::string::npos && slash > 0 && slash + 1 < id.size() &&
               id.find('/', slash + 1) == std::string::npos && id.size() <= 200 &&
               std::all_of(id.begin(), id.end(), [](char c) {
                 return std::isalnum(static_cast<unsigned char>(c)) ||
                        std::string_view("-_./").find(c) != std::string_view::npos;
               });
  if (!valid)
    return Error{"a " + std::string(kind) + " id is written org/name, not \"" + id + "\"",
                 ErrorCode::kInvalid};
  return std::string(kind) + ":" + id;
}

std::pair<std::string_view, std::string_view> split_hub_artifact(std::string_view artifact) {
  auto colon = artifact.find(':');
  if (colon == std::string_view::npos) return {"model", artifact};
  return {artifact.substr(0, colon), artifact.substr(colon + 1)};
}

}  // namespace paperboy
