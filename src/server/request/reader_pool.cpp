#include "server/request/reader_pool.h"

namespace paperboy {

ReaderPool::ReaderPool(StoreLocation store, std::filesystem::path data_dir, Bm25Params bm25,
                       const Embedder* embedder, FusionSettings fusion)
    : store_(std::move(store)),
      data_dir_(std::move(data_dir)),
      bm25_(bm25),
      embedder_(embedder),
      fusion_(fusion),
      vectors_(data_dir_ / "index") {}

SemanticSide ReaderPool::Lease::semantic() {
  if (!pool_.embedder_) return {};
  if (!vectors_) vectors_ = pool_.vectors_.current();
  return {vectors_.get(), pool_.embedder_};
}

std::shared_ptr<const VectorIndex> ReaderPool::Lease::vectors() {
  if (!vectors_) vectors_ = pool_.vectors_.current();
  return vectors_;
}

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
    auto store = open_store(store_, data_dir_);
    if (!store.ok()) return store.error();
    readers->store = std::move(store).value();
  }
  readers->index_fresh = false;
  return Lease(*this, std::move(readers));
}

LexicalIndex* ReaderPool::Lease::index() {
  if (!readers_->index_fresh) {
    pool_.refresh_index(*readers_);
    readers_->index_fresh = true;
  }
  return readers_->index ? &*readers_->index : nullptr;
}

void ReaderPool::refresh_index(Readers& readers) {
  // An index already held sees new commits, or follows the link to a rebuilt generation; one
  // that is not there yet is looked for again.
  if (readers.index && readers.index->refresh().ok()) return;
  auto index = LexicalIndex::open(data_dir_ / "index", bm25_);
  if (index.ok()) {
    readers.index.emplace(std::move(index).value());
  } else {
    readers.index.reset();
  }
}

}  // namespace paperboy
