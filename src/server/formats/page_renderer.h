// Server-rendered HTML from the templates in web/templates (Google's ctemplate, from Debian:
// logic-free templates whose AUTOESCAPE pragma escapes every value for the context it lands
// in — element text, attribute, URL — so stored text can never become markup).
#pragma once

#include <ctemplate/template.h>

#include <filesystem>
#include <memory>
#include <string>

#include "core/result.h"

namespace paperboy {

class PageRenderer {
 public:
  // Loads and checks every template once, so a broken template stops the server at start.
  static Result<std::unique_ptr<PageRenderer>> open(const std::filesystem::path& template_dir);

  // Expands `name` (a file in the template folder, e.g. "paper.tpl") with `dict`.
  std::string render(const std::string& name, const ctemplate::TemplateDictionary& dict) const;

 private:
  PageRenderer() = default;
  std::unique_ptr<ctemplate::TemplateCache> cache_;
};

}  // namespace paperboy
