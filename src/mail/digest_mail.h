// The messages paperboy mails: the confirmation of a new subscription and the digest. Both are
// multipart/alternative (plain text first, then HTML with inline CSS that keeps its colours in
// dark mode), carry List-Id, List-Unsubscribe (https and mailto) and List-Unsubscribe-Post
// (RFC 8058 one-click), and link only through signed per-subscriber tokens.
#pragma once

#include <string>
#include <vector>

#include "mail/mime_message.h"
#include "store/store.h"

namespace paperboy {

// Who the mail comes from and where its links point.
struct MailIdentity {
  std::string site_name = "paperboy";
  std::string base_url = "http://127.0.0.1:8080";  // no trailing slash
  std::string from_address = "paperboy@localhost";
  std::string list_id = "digest.paperboy.localhost";
};

struct DigestPaper {
  StoredPaper stored;
  std::string why;  // "Because you saved …", "Matches your search …"; empty for none
};

struct DigestSection {
  std::string key;    // trending, for-you, alerts, follows
  std::string title;  // "Trending today"
  std::vector<DigestPaper> papers;
};

struct DigestLinks {
  std::string manage_url;       // preferences, no sign-in (signed token)
  std::string unsubscribe_url;  // GET: a page with a button; POST: one-click
  std::string unsubscribe_mailto;
};

MailMessage digest_message(const MailIdentity& from, const std::string& recipient,
                           const std::string& period_label,
                           const std::vector<DigestSection>& sections, const DigestLinks& links,
                           int64_t now);

MailMessage confirmation_message(const MailIdentity& from, const std::string& recipient,
                                 const std::string& confirm_url, int64_t now);

// An abstract's LaTeX made readable as plain text: $…$ dropped, Greek letters and common
// symbols as Unicode, \mathrm{x}-style wrappers unwrapped; sub- and superscripts kept.
std::string readable_latex(std::string_view text);

}  // namespace paperboy
