#include "server/reader_pool.h"

namespace paperboy {

ReaderPool::ReaderPool(std::filesystem::path data_dir, Bm25Params bm25)
    : data_dir_(std::move(data_dir)), bm25_(bm25) {}

ReaderPool::Lease::~Lease() {
  if (!readers_) return;
  std::lock_guard lock(pool_.mutex_);
  pool_.idle_.push_back(std::move(readers_));
}

Result<ReaderPool::Lease> ReaderPool::lease() {
  std::unique_ptr<Readers> readers;
  {
    std::lock_guard lock(mutex_);
    if (!idle_.empty()) {
      readers = std::move(idle_.back());
      idle_.pop_back();
    }
  }
  if (!readers) {
    readers = std::make_unique<Readers>();
    auto store = open_sqlite_store((data_dir_ / "store.sqlite").string());
    if (!store.ok()) return store.error();
    readers->store = std::move(store).value();
  }
  // An index already held is refreshed (new commits, or a rebuilt generation); one that is
  // not yet there is looked for again on every lease.
  if (readers->index && readers->index->refresh().ok()) return Lease(*this, std::move(readers));
  auto index = LexicalIndex::open(data_dir_ / "index", bm25_);
  if (index.ok()) {
    readers->index.emplace(std::move(index).value());
  } else {
    readers->index.reset();
  }
  return Lease(*this, std::move(readers));
}

}  // namespace paperboy
