#pragma once
// The session a transaction() or read() callback gets, for any engine's
// connection type: bound to the connection holding the transaction. A
// read's session refuses writes.
#include "store/database.h"

namespace helmarr::store {

template <class Connection>
class BoundSession final : public Session {
 public:
  BoundSession(Connection& c, bool writable) : c_(c), writable_(writable) {}
  Result<ExecResult> execute(std::string_view sql, std::span<const Value> params) override {
    if (!writable_) return read_only();
    return c_.execute(sql, params);
  }
  Result<std::vector<Row>> query(std::string_view sql, std::span<const Value> params) override {
    return c_.query(sql, params);
  }
  Result<void> execute_script(std::string_view sql) override {
    if (!writable_) return read_only();
    return c_.execute_script(sql);
  }

 private:
  static tl::unexpected<Error> read_only() {
    return fail(ErrorCode::internal, "read(): writes belong in transaction()");
  }
  Connection& c_;
  bool writable_;
};

}  // namespace helmarr::store
