// A page request once admitted (page_admission.h): the store readers it leased and the visitor.
#pragma once

#include <optional>

#include "server/request/hub_context.h"
#include "server/request/visitor.h"

namespace paperboy {

// A page request's readers and visitor.
struct PageRequest {
  std::optional<ReaderPool::Lease> readers;
  Visitor visitor;
  Store& store() { return readers->store(); }
  Community& community() { return readers->store().community(); }
};

}  // namespace paperboy
