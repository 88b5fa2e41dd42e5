// What every embedding model gives the index: text in, one L2-normalised vector out. Documents
// and queries go through separate calls because models may treat them differently (e5's
// "query: " and "passage: " prefixes, bge's instruction for queries).
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace paperboy {

struct DocumentText {
  std::string_view title;
  std::string_view abstract;
};

struct EmbeddingModelInfo {
  // Names the weights, not just the architecture: vectors of two ids are never mixed.
  std::string id;
  size_t dimension = 0;
  std::string description;  // for `paperboy model status` and logs
};

class Embedder {
 public:
  virtual ~Embedder() = default;
  virtual const EmbeddingModelInfo& info() const = 0;
  // Row i of the result (info().dimension floats, unit length or all zero for a text with
  // nothing the model knows) is the vector of docs[i]. Safe to call from several threads.
  // Models on this machine always answer; a model behind an endpoint (endpoint_embedder.h)
  // fails with kUnavailable when the endpoint does not answer, kInvalid when it answers wrong.
  virtual Result<std::vector<float>> embed_documents(std::span<const DocumentText> docs) const = 0;
  virtual Result<std::vector<float>> embed_query(std::string_view query) const = 0;
};

// Scales each row of `rows` (of `dimension` floats) to unit length; zero rows stay zero.
void normalise_rows(std::span<float> rows, size_t dimension);

}  // namespace paperboy
