#include "server/error_answer.h"

#include <fmt/format.h>

namespace paperboy {

int http_status(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalid:
      return 400;
    case ErrorCode::kNotFound:
      return 404;
    case ErrorCode::kConflict:
      return 409;
    case ErrorCode::kUnavailable:
      return 503;
    case ErrorCode::kInternal:
      break;
  }
  return 500;
}

std::string error_title(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalid:
      return "invalid request";
    case ErrorCode::kNotFound:
      return "not found";
    case ErrorCode::kConflict:
      return "conflict";
    case ErrorCode::kUnavailable:
      return "store unavailable";
    case ErrorCode::kInternal:
      break;
  }
  return "store error";
}

std::string client_detail(const Error& error) {
  switch (error.code) {
    case ErrorCode::kInvalid:
    case ErrorCode::kNotFound:
    case ErrorCode::kConflict:
      return error.message;
    case ErrorCode::kUnavailable:
      fmt::print(stderr, "store unavailable: {}\n", error.message);
      return "the store is busy or down; try again shortly";
    case ErrorCode::kInternal:
      break;
  }
  fmt::print(stderr, "store error: {}\n", error.message);
  return "the server could not read or write its store; the details are in the server's log";
}

}  // namespace paperboy
