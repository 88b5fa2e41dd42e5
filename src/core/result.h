// Error values for operations that are expected to fail (parsing, I/O): a Result<T> holds
// either a T or an Error that says what failed and where. Exceptions are kept for bugs.
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace paperboy {

// What kind of failure an error is, so that callers decide without reading its text: the
// HTTP layer maps it to a status in one place (server/http/error_answer.h), and only the kinds a
// client can act on show it the message.
enum class ErrorCode {
  kInternal,         // a bug, a broken file, a database error: the operator's log, not the client
  kInvalid,          // the input was wrong; the message says what and where
  kNotFound,         // what was asked for is not stored
  kConflict,         // it clashes with what is stored (an address already taken)
  kUnavailable,      // a resource is busy or down; the same request may work later
  kUnauthenticated,  // the request needs a signed-in reader (or an API token) and has none
  kForbidden,        // the reader is known but may not do this
  kRateLimited,      // too many of these lately; the same request works later
  kTooLittleData,    // not enough stored yet to do it (a model from a handful of papers)
};

struct Error {
  std::string message;
  ErrorCode code = ErrorCode::kInternal;
  // The message quotes a database or a library (table, constraint, statement names): it goes to
  // the operator's log, and a client reads a fixed line for the code instead, whatever the code.
  bool internal_text = false;
};

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}      // NOLINT(google-explicit-constructor)
  Result(Error error) : state_(std::move(error)) {}  // NOLINT(google-explicit-constructor)

  bool ok() const { return std::holds_alternative<T>(state_); }
  explicit operator bool() const { return ok(); }

  T& value() & { return std::get<T>(state_); }
  const T& value() const& { return std::get<T>(state_); }
  T&& value() && { return std::get<T>(std::move(state_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  const Error& error() const { return std::get<Error>(state_); }

 private:
  std::variant<T, Error> state_;
};

// Result of an operation that produces nothing but can fail.
class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(Error error) : error_(std::move(error)), failed_(true) {}  // NOLINT

  static Status Ok() { return {}; }
  bool ok() const { return !failed_; }
  explicit operator bool() const { return ok(); }
  const std::string& message() const { return error_.message; }
  const Error& error() const { return error_; }

 private:
  Error error_;
  bool failed_ = false;
};

}  // namespace paperboy
