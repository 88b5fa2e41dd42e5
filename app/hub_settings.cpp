#include "hub_settings.h"

#include <algorithm>
#include <cctype>

namespace paperboy::cli {

void HubSettings::add_to(CLI::App& cmd) {
  cmd.add_option("--fusion", fusion,
                 "hybrid search: weighted (score) or rrf (reciprocal rank) fusion")
      ->capture_default_str()
      ->check(CLI::IsMember({"weighted", "rrf"}));
  cmd.add_option("--lexical-weight", lexical_weight,
                 "weighted fusion: BM25's share (tuned for the built-in model; tune yours with "
                 "`paperboy eval --model`)")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 1.0));
  cmd.add_option("--trending-days", trending.window_days, "days of papers trending ranks")
      ->capture_default_str()
      ->check(CLI::Range(1, 365));
  cmd.add_option("--trending-gravity", trending.gravity,
                 "how fast votes age: votes / (hours + 2)^gravity")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 10.0));
  cmd.add_option(
      "--admin", admins,
      "e-mail address of an account that acts as an admin (/admin pages, /moderation); repeatable");
  cmd.add_option(
         "--hold-first-posts", hold_first_posts,
         "hold each new account's first N discussion comments for a moderator (default 0: none)")
      ->check(CLI::Range(int64_t{0}, int64_t{1000}));
  cmd.add_option("--submission-max-age-days", submission_rules.max_age_days,
                 "the daily list takes papers at most this many days old (default 14; 0: any age)")
      ->check(CLI::Range(int64_t{0}, int64_t{100000}));
  cmd.add_option("--submissions-per-day", submission_rules.per_day,
                 "papers one reader may put on the daily list a UTC day (default 10; 0: no cap)")
      ->check(CLI::Range(int64_t{0}, int64_t{100000}));
  cmd.add_option("--subscriptions-per-hour", subscriptions_per_hour,
                 "new subscriptions the site takes in an hour, from everyone together (a flood "
                 "stops there)")
      ->capture_default_str()
      ->check(CLI::Range(1, 1000000));
  cmd.add_option(
         "--sign-ups-per-hour", sign_ups_per_hour,
         "accounts one address may create in an hour (raise it for a lab behind one NAT address)")
      ->capture_default_str()
      ->check(CLI::Range(1, 100000));
}

void HubSettings::apply(ServerOptions& options) const {
  options.fusion.method =
      fusion == "rrf" ? FusionMethod::reciprocal_rank : FusionMethod::weighted_score;
  options.fusion.lexical_weight = lexical_weight;
  options.hub.trending = trending;
  options.hub.hold_first_posts = hold_first_posts;
  options.hub.submission_rules = submission_rules;
  options.hub.new_subscriptions_per_hour = subscriptions_per_hour;
  options.hub.limits.sign_up = {sign_ups_per_hour, sign_ups_per_hour / 3600};
  // Addresses compare as stored: lower case.
  for (std::string admin : admins) {
    std::transform(admin.begin(), admin.end(), admin.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    options.hub.admins.push_back(admin);
  }
}

}  // namespace paperboy::cli
