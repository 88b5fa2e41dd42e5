// Store and index handles for request threads. SQLite connections and Xapian databases are
// not shared between threads, so each request borrows a pair and gives it back; pairs are
// opened on first need and kept.
#pragma once

#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "embed/embedder.h"
#include "index/hybrid_search.h"
#include "index/lexical_index.h"
#include "index/vector_index.h"
#include "store/store.h"
#include "store/store_location.h"

namespace paperboy {

struct Readers {
  std::unique_ptr<Store> store;
  std::optional<LexicalIndex> index;  // empty while no index has been built
  bool index_fresh = false;           // refreshed during the current lease
};

class ReaderPool {
 public:
  // `embedder` (may be null: lexical search only) must outlive the pool.
  ReaderPool(StoreLocation store, std::filesystem::path data_dir, Bm25Params bm25,
             const Embedder* embedder = nullptr, FusionSettings fusion = {});

  // Holds a pair for the lifetime of the lease; returns it to the pool when destroyed.
  class Lease {
   public:
    Lease(ReaderPool& pool, std::unique_ptr<Readers> readers)
        : pool_(pool), readers_(std::move(readers)) {}
    Lease(Lease&&) = default;
    ~Lease();
    Store& store() { return *readers_->store; }
    // The live index, brought up to date on first use in this lease (routes that never search
    // pay nothing for it); null while no index has been built.
    LexicalIndex* index();
    // The vector index (reloaded when the writer publishes) and the model; held for the lease.
    SemanticSide semantic();
    // The vector index alone (whatever the query model), for recommendations; null when none.
    std::shared_ptr<const VectorIndex> vectors();
    const FusionSettings& fusion() const { return pool_.fusion_; }

   private:
    ReaderPool& pool_;
    std::unique_ptr<Readers> readers_;
    std::shared_ptr<const VectorIndex> vectors_;
  };

  // Opens a new pair when none is free; an error when the store cannot be opened.
  Result<Lease> lease();

 private:
  void refresh_index(Readers& readers);

  StoreLocation store_;
  std::filesystem::path data_dir_;
  Bm25Params bm25_;
  const Embedder* embedder_;
  FusionSettings fusion_;
  VectorIndexCache vectors_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<Readers>> idle_;
};

}  // namespace paperboy
