#include "server/formats/page_renderer.h"

#include <ctemplate/template_cache.h>

namespace paperboy {

Result<std::unique_ptr<PageRenderer>> PageRenderer::open(
    const std::filesystem::path& template_dir) {
  std::unique_ptr<PageRenderer> renderer(new PageRenderer());
  renderer->cache_ = std::make_unique<ctemplate::TemplateCache>();
  std::string root = template_dir.string();
  if (!root.empty() && root.back() != '/') root += '/';
  renderer->cache_->SetTemplateRootDirectory(root);
  std::error_code ec;
  auto entries = std::filesystem::directory_iterator(template_dir, ec);
  if (ec)
    return Error{"cannot read the page templates in " + template_dir.string() + ": " +
                 ec.message()};
  int loaded = 0;
  for (const auto& entry : entries) {
    if (entry.path().extension() != ".tpl") continue;
    if (!renderer->cache_->LoadTemplate(entry.path().filename().string(),
                                        ctemplate::STRIP_BLANK_LINES)) {
      return Error{"page template " + entry.path().string() +
                   " does not parse (see the message above)"};
    }
    ++loaded;
  }
  if (loaded == 0) return Error{"no page templates (*.tpl) in " + template_dir.string()};
  // Templates do not change while serving; a frozen cache is read without locks.
  renderer->cache_->Freeze();
  return renderer;
}

std::string PageRenderer::render(const std::string& name,
                                 const ctemplate::TemplateDictionary& dict) const {
  std::string out;
  if (!cache_->ExpandNoLoad(name, ctemplate::STRIP_BLANK_LINES, &dict, nullptr, &out)) {
    throw std::logic_error("page template " + name + " is not loaded");
  }
  return out;
}

}  // namespace paperboy
