// The one place an Error becomes an HTTP answer: its code picks the status, and only the kinds
// a client can act on (invalid, not found, conflict) show it the message. Internal and
// unavailable errors can name files and SQL; their message goes to the server's log instead.
#pragma once

#include <string>

#include "core/result.h"

namespace paperboy {

int http_status(ErrorCode code);
// A short name for the status ("conflict", "store unavailable").
std::string error_title(ErrorCode code);
// What the client reads. Logs the whole message when the client may not read it.
std::string client_detail(const Error& error);

}  // namespace paperboy
