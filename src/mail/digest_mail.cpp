#include "mail/digest_mail.h"

#include <fmt/format.h>

#include <array>
#include <cctype>
#include <utility>

#include "core/markup_escape.h"
#include "mail/mail_address.h"

namespace paperboy {
namespace {

std::string shorten(std::string_view text, size_t limit) {
  if (text.size() <= limit) return std::string(text);
  size_t cut = text.rfind(' ', limit);
  if (cut == std::string_view::npos || cut < limit / 2) cut = limit;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80)
    --cut;  // not inside a character
  return std::string(text.substr(0, cut)) + "…";
}

std::vector<MailHeader> list_headers(const MailIdentity& from, const DigestLinks& links) {
  return {{"List-Id", fmt::format("{} digest <{}>", from.site_name, from.list_id)},
          {"List-Unsubscribe",
           fmt::format("<{}>, <{}>", links.unsubscribe_url, links.unsubscribe_mailto)},
          {"List-Unsubscribe-Post", "List-Unsubscribe=One-Click"},
          {"Auto-Submitted", "auto-generated"}};
}

// Colours set on every element (never inherited from the client), chosen to read on the light
// background they bring; clients that honour prefers-color-scheme get the dark set.
constexpr const char* kHead = R"(<!doctype html><html><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width">
<meta name="color-scheme" content="light dark"><meta name="supported-color-schemes" content="light dark">
<style>@media (prefers-color-scheme: dark){.pb-body{background:#15171a!important}.pb-card{background:#1f2227!important;border-color:#33373d!important}.pb-text{color:#e6e6e6!important}.pb-muted{color:#a9b0b8!important}.pb-link{color:#8ab4f8!important}}</style>
</head>)";

std::string paper_url(const MailIdentity& from, const StoredPaper& stored) {
  return fmt::format("{}/papers/{}", from.base_url, stored.paper.id);
}

}  // namespace

std::string readable_latex(std::string_view text) {
  static const std::array<std::pair<std::string_view, std::string_view>, 44> kSymbols = {{
      {"\\alpha", "α"},      {"\\beta", "β"},       {"\\gamma", "γ"},  {"\\delta", "δ"},
      {"\\epsilon", "ε"},    {"\\varepsilon", "ε"}, {"\\zeta", "ζ"},   {"\\eta", "η"},
      {"\\theta", "θ"},      {"\\kappa", "κ"},      {"\\lambda", "λ"}, {"\\mu", "μ"},
      {"\\nu", "ν"},         {"\\xi", "ξ"},         {"\\pi", "π"},     {"\\rho", "ρ"},
      {"\\sigma", "σ"},      {"\\tau", "τ"},        {"\\phi", "φ"},    {"\\varphi", "φ"},
      {"\\chi", "χ"},        {"\\psi", "ψ"},        {"\\omega", "ω"},  {"\\Gamma", "Γ"},
      {"\\Delta", "Δ"},      {"\\Theta", "Θ"},      {"\\Lambda", "Λ"}, {"\\Sigma", "Σ"},
      {"\\Phi", "Φ"},        {"\\Omega", "Ω"},      {"\\times", "×"},  {"\\cdot", "·"},
      {"\\leq", "≤"},        {"\\le", "≤"},         {"\\geq", "≥"},    {"\\ge", "≥"},
      {"\\neq", "≠"},        {"\\approx", "≈"},     {"\\sim", "∼"},    {"\\infty", "∞"},
      {"\\rightarrow", "→"}, {"\\to", "→"},         {"\\pm", "±"},     {"\\ell", "ℓ"},
  }};
  static constexpr std::array<std::string_view, 7> kWrappers = {
      "\\mathrm{", "\\text{", "\\mathbf{", "\\mathcal{", "\\textbf{", "\\emph{", "\\mathit{"};
  std::string out;
  size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (c == '$') {
      ++i;
      continue;
    }
    if (c == '\\') {
      bool done = false;
      for (auto wrapper : kWrappers) {
        if (text.substr(i, wrapper.size()) == wrapper) {
          const size_t close = text.find('}', i + wrapper.size());
          if (close != std::string_view::npos) {
            out += text.substr(i + wrapper.size(), close - i - wrapper.size());
            i = close + 1;
            done = true;
          }
          break;
        }
      }
      if (done) continue;
      for (const auto& [macro, symbol] : kSymbols) {
        // The macro must end here: "\to" is not the start of "\tau"'s neighbour "\top".
        const size_t end = i + macro.size();
        if (text.substr(i, macro.size()) == macro &&
            (end >= text.size() || !std::isalpha(static_cast<unsigned char>(text[end])))) {
          out += symbol;
          i = end;
          if (i < text.size() && text[i] == ' ') ++i;
          done = true;
          break;
        }
      }
      if (done) continue;
    }
    out += c;
    ++i;
  }
  return out;
}

MailMessage digest_message(const MailIdentity& from, const std::string& recipient,
                           const std::string& period_label,
                           const std::vector<DigestSection>& sections, const DigestLinks& links,
                           int64_t now) {
  MailMessage m;
  m.from_name = from.site_name;
  m.from_address = from.from_address;
  m.to_address = recipient;
  size_t count = 0;
  for (const auto& s : sections) count += s.papers.size();
  m.subject = fmt::format("{} — {} paper{} for {}", from.site_name, count, count == 1 ? "" : "s",
                          period_label);
  m.message_id = new_message_id(mail_domain(from.from_address));
  m.date = now;
  m.extra_headers = list_headers(from, links);

  std::string text = fmt::format("{} digest, {}\n\n", from.site_name, period_label);
  std::string html =
      std::string(kHead) +
      "<body class=\"pb-body\" style=\"margin:0;padding:0;background:#f4f5f7\">"
      "<div style=\"max-width:640px;margin:0 auto;padding:16px;font-family:-apple-system,Segoe UI,"
      "Helvetica,Arial,sans-serif\">";
  html += fmt::format(
      "<h1 class=\"pb-text\" style=\"font-size:20px;color:#1a1c1f;margin:8px 0 16px\">{} digest, "
      "{}</h1>",
      xml_escape(from.site_name), xml_escape(period_label));
  for (const auto& section : sections) {
    if (section.papers.empty()) continue;
    text += section.title + "\n" + std::string(section.title.size(), '=') + "\n\n";
    html += fmt::format(
        "<h2 class=\"pb-text\" style=\"font-size:16px;color:#1a1c1f;margin:20px 0 8px\">{}</h2>",
        xml_escape(section.title));
    for (const auto& p : section.papers) {
      const Paper& paper = p.stored.paper;
      const std::string title = readable_latex(paper.title);
      const std::string abstract = shorten(readable_latex(paper.abstract), 400);
      std::string authors;
      for (size_t a = 0; a < paper.authors.size() && a < 4; ++a)
        authors += (a ? ", " : "") + paper.authors[a];
      if (paper.authors.size() > 4)
        authors += fmt::format(" and {} more", paper.authors.size() - 4);
      const std::string url = paper_url(from, p.stored);
      text += fmt::format("* {}\n  {}\n", title, authors);
      if (!p.why.empty()) text += "  " + p.why + "\n";
      text += fmt::format("  {}\n  {}\n\n", abstract, url);
      html +=
          "<div class=\"pb-card\" style=\"background:#ffffff;border:1px solid "
          "#dfe2e6;border-radius:6px;"
          "padding:12px 14px;margin:0 0 10px\">";
      html += fmt::format(
          "<a class=\"pb-link\" href=\"{}\" style=\"color:#0b57d0;font-size:15px;font-weight:600;"
          "text-decoration:none\">{}</a>",
          xml_escape(url), xml_escape(title));
      html += fmt::format(
          "<div class=\"pb-muted\" "
          "style=\"color:#5f6670;font-size:13px;margin-top:4px\">{}{}</div>",
          xml_escape(authors),
          paper.total_upvotes() > 0 ? fmt::format(" · ▲ {}", paper.total_upvotes()) : "");
      if (!p.why.empty()) {
        html += fmt::format(
            "<div class=\"pb-muted\" style=\"color:#5f6670;font-size:13px;font-style:italic;"
            "margin-top:4px\">{}</div>",
            xml_escape(p.why));
      }
      html += fmt::format(
          "<p class=\"pb-text\" style=\"color:#2b2f33;font-size:14px;line-height:1.45;margin:8px 0 "
          "0\">{}</p>",
          xml_escape(abstract));
      html += "</div>";
    }
  }
  if (count == 0) {
    text += "Nothing new since the last digest.\n\n";
    html += "<p class=\"pb-text\" style=\"color:#2b2f33\">Nothing new since the last digest.</p>";
  }
  text += fmt::format("--\nChange what you receive: {}\nUnsubscribe: {}\n", links.manage_url,
                      links.unsubscribe_url);
  html += fmt::format(
      "<p class=\"pb-muted\" style=\"color:#5f6670;font-size:12px;margin-top:24px\">"
      "<a class=\"pb-link\" href=\"{}\" style=\"color:#0b57d0\">Change what you receive</a> · "
      "<a class=\"pb-link\" href=\"{}\" "
      "style=\"color:#0b57d0\">Unsubscribe</a></p></div></body></html>",
      xml_escape(links.manage_url), xml_escape(links.unsubscribe_url));
  m.text = std::move(text);
  m.html = std::move(html);
  return m;
}

MailMessage confirmation_message(const MailIdentity& from, const std::string& recipient,
                                 const std::string& confirm_url, int64_t now) {
  MailMessage m;
  m.from_name = from.site_name;
  m.from_address = from.from_address;
  m.to_address = recipient;
  m.subject = fmt::format("Confirm your {} subscription", from.site_name);
  m.message_id = new_message_id(mail_domain(from.from_address));
  m.date = now;
  m.extra_headers = {{"Auto-Submitted", "auto-generated"}};
  m.text = fmt::format(
      "Someone (we hope you) asked for {}'s paper digest at this address.\n\n"
      "To confirm, open: {}\n\nIf it was not you, ignore this mail: nothing will be sent.\n",
      from.site_name, confirm_url);
  m.html = std::string(kHead) +
           fmt::format(
               "<body class=\"pb-body\" "
               "style=\"margin:0;padding:16px;background:#f4f5f7;font-family:Helvetica,"
               "Arial,sans-serif\"><p class=\"pb-text\" style=\"color:#1a1c1f\">Someone (we hope "
               "you) asked for "
               "{}'s paper digest at this address.</p><p><a class=\"pb-link\" href=\"{}\" "
               "style=\"color:#0b57d0;"
               "font-weight:600\">Confirm the subscription</a></p><p class=\"pb-muted\" "
               "style=\"color:#5f6670\">"
               "If it was not you, ignore this mail: nothing will be sent.</p></body></html>",
               xml_escape(from.site_name), xml_escape(confirm_url));
  return m;
}

}  // namespace paperboy
