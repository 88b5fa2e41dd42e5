// Escaping text for XML and HTML: the five markup characters as entities, and the control
// characters XML 1.0 forbids dropped, so the result is safe in element text and in quoted
// attribute values of both (Atom feeds, HTML pages, HTML mail).
#pragma once

#include <string>
#include <string_view>

namespace paperboy {

std::string xml_escape(std::string_view text);

}  // namespace paperboy
