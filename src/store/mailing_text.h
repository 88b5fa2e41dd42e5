// How both stores write a subscription's and a message's fields into text columns.
#pragma once

#include <sstream>
#include <string>
#include <vector>

#include "store/mailing.h"

namespace paperboy {

inline const char* status_name(Subscription::Status status) {
  switch (status) {
    case Subscription::Status::kActive:
      return "active";
    case Subscription::Status::kUnsubscribed:
      return "unsubscribed";
    case Subscription::Status::kPending:
      break;
  }
  return "pending";
}

inline Subscription::Status parse_status(const std::string& text) {
  if (text == "active") return Subscription::Status::kActive;
  if (text == "unsubscribed") return Subscription::Status::kUnsubscribed;
  return Subscription::Status::kPending;
}

inline const char* message_status_name(OutboxMessage::Status status) {
  switch (status) {
    case OutboxMessage::Status::kSent:
      return "sent";
    case OutboxMessage::Status::kFailed:
      return "failed";
    case OutboxMessage::Status::kQueued:
      break;
  }
  return "queued";
}

inline OutboxMessage::Status parse_message_status(const std::string& text) {
  if (text == "sent") return OutboxMessage::Status::kSent;
  if (text == "failed") return OutboxMessage::Status::kFailed;
  return OutboxMessage::Status::kQueued;
}

inline std::string join_sections(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ",") + item;
  return out;
}

inline std::vector<std::string> split_sections(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream in(text);
  for (std::string item; std::getline(in, item, ',');)
    if (!item.empty()) out.push_back(item);
  return out;
}

// What subscribing an address again does to its subscription: an unsubscribed one becomes
// pending (to be confirmed anew), one without an account gains the subscriber's. Whether
// anything changed (and `changed` was set to `now`).
inline bool resubscribe(Subscription& s, int64_t user_id, int64_t now) {
  bool dirty = false;
  if (s.status == Subscription::Status::kUnsubscribed) {
    s.status = Subscription::Status::kPending;
    dirty = true;
  }
  if (s.user_id == 0 && user_id != 0) {
    s.user_id = user_id;
    dirty = true;
  }
  if (dirty) s.changed = now;
  return dirty;
}

}  // namespace paperboy
