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

#include "index/lexical_index.h"
#include "store/store.h"

namespace paperboy {

struct Readers {
  std::unique_ptr<Store> store;
  std::optional<LexicalIndex> index;  // empty while no index has been built
  bool index_fresh = false;           // refreshed during the current lease
};

class ReaderPool {
 public:
  ReaderPool(std::filesystem::path data_dir, Bm25Params bm25);

  // Holds a pair for the lifetime of the lease; returns it to the pool when destroyed.
  class Lease {
   public:
    Lease(ReaderPool& pool, std::unique_ptr<Readers> readers) : pool_(pool), readers_(std::move(readers)) {}
    Lease(Lease&&) = default;
    ~Lease();
    Store& store() { return *readers_->store; }
    // The live index, brought up to date on first use in this lease (routes that never search
    // pay nothing for it); null while no index has been built.
    LexicalIndex* index();

   private:
    ReaderPool& pool_;
    std::unique_ptr<Readers> readers_;
  };

  // Opens a new pair when none is free; an error when the store cannot be opened.
  Result<Lease> lease();

 private:
  void refresh_index(Readers& readers);

  std::filesystem::path data_dir_;
  Bm25Params bm25_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<Readers>> idle_;
};

}  // namespace paperboy
