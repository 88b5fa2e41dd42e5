#include "harvest_options.h"

#include <cstdlib>

namespace paperboy::cli {

void HarvestOptions::add_to(CLI::App& cmd) {
  if (const char* env = std::getenv("PAPERBOY_CONTACT")) contact = env;
  cmd.add_option(
      "--contact", contact,
      "e-mail address sent in the User-Agent, so the source can reach you (or PAPERBOY_CONTACT)");
  cmd.add_option("--delay", delay_seconds, "seconds between requests (arXiv asks for 3 or more)")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 3600.0));
  cmd.add_option("--timeout", timeout_seconds, "seconds one request may take")
      ->capture_default_str()
      ->check(CLI::Range(1, 3600));
}

Result<HttpClientOptions> HarvestOptions::http_options() const {
  if (contact.find('@') == std::string::npos ||
      contact.find_first_of(" \r\n()") != std::string::npos) {
    return Error{
        "a contact e-mail address is needed to harvest (--contact you@example.org, or "
        "PAPERBOY_CONTACT); "
        "it goes in the User-Agent so the source can reach you"};
  }
  HttpClientOptions options;
  options.user_agent = "paperboy/0.1 (research-paper hub; mailto:" + contact + ")";
  options.timeout = std::chrono::seconds(timeout_seconds);
  return options;
}

FetchPolicy HarvestOptions::fetch_policy() const {
  FetchPolicy policy;
  policy.delay = std::chrono::milliseconds(static_cast<int64_t>(delay_seconds * 1000));
  return policy;
}

}  // namespace paperboy::cli
