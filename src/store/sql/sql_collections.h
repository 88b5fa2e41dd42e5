// Collections (a user's or an organisation's ordered lists of papers), written once for both
// backends over their SqlSession.
#pragma once

#include "store/collections.h"
#include "store/sql/sql_session.h"

namespace paperboy {

class SqlCollections final : public Collections {
 public:
  explicit SqlCollections(SqlSession& session) : session_(session) {}

  Result<int64_t> create_collection(const CollectionOwner& owner, std::string_view title,
                                    std::string_view description, bool is_private,
                                    int64_t now) override;
  Result<std::optional<Collection>> collection(int64_t collection_id) override;
  Result<std::vector<Collection>> collections_of(const CollectionOwner& owner,
                                                 bool with_private) override;
  Status update_collection(int64_t collection_id, std::string_view title,
                           std::string_view description, bool is_private, int64_t now) override;
  Status delete_collection(int64_t collection_id) override;
  Result<std::vector<CollectionItem>> items(int64_t collection_id) override;
  Result<bool> add_item(int64_t collection_id, int64_t doc_id, std::string_view note,
                        int64_t now) override;
  Result<bool> remove_item(int64_t collection_id, int64_t doc_id, int64_t now) override;
  Status move_item(int64_t collection_id, int64_t doc_id, int position, int64_t now) override;
  Result<std::vector<int64_t>> holding(int64_t doc_id,
                                       std::span<const int64_t> collection_ids) override;

 private:
  Status touch(int64_t collection_id, int64_t now);
  // Holds the collection's row until the transaction ends, so two writers take turns.
  Status lock(int64_t collection_id);

  SqlSession& session_;
};

}  // namespace paperboy
