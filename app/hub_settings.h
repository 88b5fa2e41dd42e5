// `serve`'s settings for what readers see and may do: how hybrid search fuses, how trending
// ages votes, who administers, what the daily list takes, and how fast strangers may sign up or
// subscribe.
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "server/paper_server.h"

namespace paperboy::cli {

struct HubSettings {
  std::string fusion = "weighted";
  double lexical_weight = FusionSettings{}.lexical_weight;
  TrendingParams trending;
  std::vector<std::string> admins;
  int64_t hold_first_posts = 0;
  SubmissionRules submission_rules;
  int64_t subscriptions_per_hour = HubOptions{}.new_subscriptions_per_hour;
  double sign_ups_per_hour = RateLimits{}.sign_up.burst;

  void add_to(CLI::App& cmd);
  void apply(ServerOptions& options) const;
};

}  // namespace paperboy::cli
