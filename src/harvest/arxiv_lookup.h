// Looks papers up by id in the arXiv API (`/api/query?id_list=…`): community submissions and
// `paperboy add`. Requests go through a PoliteFetcher, so lookups keep arXiv's pace too.
#pragma once

#include <mutex>
#include <span>
#include <string>
#include <vector>

#include "core/paper.h"
#include "core/result.h"
#include "harvest/polite_fetcher.h"

namespace paperboy {

inline constexpr const char* kArxivApiUrl = "https://export.arxiv.org/api/query";

// What the server's /submit needs: papers by key, from wherever they come.
class PaperLookup {
 public:
  virtual ~PaperLookup() = default;
  // The papers found, in no particular order; ids the source does not know are simply absent.
  virtual Result<std::vector<Paper>> fetch(std::span<const std::string> ids) = 0;
};

class ArxivLookup final : public PaperLookup {
 public:
  ArxivLookup(PoliteFetcher& fetcher, std::string api_url = kArxivApiUrl);
  // Thread-safe: one request at a time, in arrival order.
  Result<std::vector<Paper>> fetch(std::span<const std::string> ids) override;

 private:
  PoliteFetcher& fetcher_;
  std::string api_url_;
  std::mutex mutex_;
};

}  // namespace paperboy
