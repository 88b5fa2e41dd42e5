#include "mail/smtp_transport.h"

#include <curl/curl.h>
#include <fmt/format.h>

#include <cstring>
#include <mutex>

namespace paperboy {
namespace {

struct Upload {
  std::string_view data;
  size_t offset = 0;
};

size_t read_message(char* buffer, size_t size, size_t count, void* user) {
  auto* upload = static_cast<Upload*>(user);
  const size_t n = std::min(size * count, upload->data.size() - upload->offset);
  std::memcpy(buffer, upload->data.data() + upload->offset, n);
  upload->offset += n;
  return n;
}

class CurlSmtpTransport final : public MailTransport {
 public:
  explicit CurlSmtpTransport(SmtpSettings settings) : settings_(std::move(settings)) {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
    curl_ = curl_easy_init();
  }
  ~CurlSmtpTransport() override {
    if (curl_ != nullptr) curl_easy_cleanup(curl_);
  }

  SmtpOutcome send(std::string_view from, std::string_view to, std::string_view message) override {
    SmtpOutcome outcome;
    if (curl_ == nullptr) return {false, false, 0, "libcurl could not start"};
    // The same handle keeps its connection to the server open from one message to the next.
    const std::string url = settings_.url + "/" + settings_.helo_domain;
    const std::string mail_from = fmt::format("<{}>", from);
    curl_slist* recipients = curl_slist_append(nullptr, fmt::format("<{}>", to).c_str());
    Upload upload{message, 0};
    char error[CURL_ERROR_SIZE] = "";
    curl_easy_setopt(curl_, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl_, CURLOPT_MAIL_FROM, mail_from.c_str());
    curl_easy_setopt(curl_, CURLOPT_MAIL_RCPT, recipients);
    curl_easy_setopt(curl_, CURLOPT_READFUNCTION, read_message);
    curl_easy_setopt(curl_, CURLOPT_READDATA, &upload);
    curl_easy_setopt(curl_, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(curl_, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(message.size()));
    curl_easy_setopt(curl_, CURLOPT_ERRORBUFFER, error);
    curl_easy_setopt(curl_, CURLOPT_TIMEOUT, settings_.timeout_seconds);
    curl_easy_setopt(curl_, CURLOPT_CONNECTTIMEOUT, 20L);
    curl_easy_setopt(curl_, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl_, CURLOPT_USE_SSL,
                     settings_.tls == SmtpSettings::Tls::kRequired ? CURLUSESSL_ALL
                     : settings_.tls == SmtpSettings::Tls::kNone   ? CURLUSESSL_NONE
                                                                   : CURLUSESSL_TRY);
    if (!settings_.username.empty()) {
      curl_easy_setopt(curl_, CURLOPT_USERNAME, settings_.username.c_str());
      curl_easy_setopt(curl_, CURLOPT_PASSWORD, settings_.password.c_str());
    }
    const CURLcode code = curl_easy_perform(curl_);
    curl_slist_free_all(recipients);
    curl_easy_getinfo(curl_, CURLINFO_RESPONSE_CODE, &outcome.reply_code);
    if (code == CURLE_OK) {
      outcome.accepted = true;
      return outcome;
    }
    outcome.error =
        fmt::format("{}: {}{}", settings_.url, error[0] != '\0' ? error : curl_easy_strerror(code),
                    outcome.reply_code != 0 ? fmt::format(" (reply {})", outcome.reply_code) : "");
    outcome.permanent = outcome.reply_code >= 500 && outcome.reply_code < 600;
    return outcome;
  }

 private:
  SmtpSettings settings_;
  CURL* curl_ = nullptr;
};

}  // namespace

std::unique_ptr<MailTransport> make_smtp_transport(const SmtpSettings& settings) {
  return std::make_unique<CurlSmtpTransport>(settings);
}

}  // namespace paperboy
