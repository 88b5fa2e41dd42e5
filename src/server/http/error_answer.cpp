#include "server/http/error_answer.h"

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
    case ErrorCode::kTooLittleData:
      return 503;
    case ErrorCode::kUnauthenticated:
      return 401;
    case ErrorCode::kForbidden:
      return 403;
    case ErrorCode::kRateLimited:
      return 429;
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
    case ErrorCode::kUnauthenticated:
      return "not authenticated";
    case ErrorCode::kForbidden:
      return "not allowed";
    case ErrorCode::kRateLimited:
      return "too many requests";
    case ErrorCode::kTooLittleData:
      return "not ready";
    case ErrorCode::kInternal:
      break;
  }
  return "store error";
}

std::string client_detail(const Error& error) {
  if (error.internal_text) {
    // A driver's words (a constraint's name, a column's type): the log's, never the client's.
    fmt::print(stderr, "refused by the store: {}\n", error.message);
    switch (error.code) {
      case ErrorCode::kConflict:
        return "it clashes with something stored";
      case ErrorCode::kInvalid:
        return "the store could not take a value of the request";
      case ErrorCode::kNotFound:
        return "it is not stored";
      case ErrorCode::kUnavailable:
        return "the store is busy or down; try again shortly";
      default:
        // Whatever the code, a driver's words are never shown.
        return "the server could not read or write its store; the details are in the server's log";
    }
  }
  switch (error.code) {
    case ErrorCode::kInvalid:
    case ErrorCode::kNotFound:
    case ErrorCode::kConflict:
    case ErrorCode::kUnauthenticated:
    case ErrorCode::kForbidden:
    case ErrorCode::kRateLimited:
    case ErrorCode::kTooLittleData:
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
