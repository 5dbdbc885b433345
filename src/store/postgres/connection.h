#pragma once
// One PostgreSQL connection through libpq: opening it with Helmarr's
// settings, '?' placeholders rewritten to $n and prepared once per
// connection, Values in and out, PostgreSQL's errors as Helmarr's.
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <map>
#include <vector>

#include "store/database.h"

struct pg_conn;
struct pg_result;

namespace helmarr::store::postgres {

struct ConnectionOptions {
  std::string conninfo;  // a postgres:// URI or libpq keywords
  int connect_timeout_s = 10;
  int statement_timeout_ms = 30000;
};

class Connection {
 public:
  // The error names the server as redact_database_url() shows it.
  static Result<std::unique_ptr<Connection>> open(const ConnectionOptions& options);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  Result<ExecResult> execute(std::string_view sql, std::span<const Value> params = {});
  Result<std::vector<Row>> query(std::string_view sql, std::span<const Value> params = {});
  // Several statements, no parameters (migrations, BEGIN/COMMIT).
  Result<void> execute_script(std::string_view sql);

  // LISTEN/NOTIFY: the socket to poll for input, this session's backend
  // pid (a notification from it is our own), and the notifications that
  // have arrived (reads what the socket holds; an error when the
  // connection is gone).
  struct Notification {
    std::string channel;
    std::string payload;
    int sender_pid = 0;
  };
  int socket() const;
  int backend_pid() const;
  Result<std::vector<Notification>> notifications();

  bool healthy() const;         // the server is still there
  bool in_transaction() const;  // a BEGIN without its COMMIT/ROLLBACK
  void rollback();              // if in a transaction; errors ignored

 private:
  explicit Connection(pg_conn* conn) : conn_(conn) {}
  struct Prepared {
    std::string name;
    int params = 0;
  };
  Result<const Prepared*> prepare(std::string_view sql);
  // Owns a result (PQclear).
  struct ResultFree {
    void operator()(pg_result* r) const;
  };
  using ResultPtr = std::unique_ptr<pg_result, ResultFree>;
  // Prepares (once) and runs; the result, whatever its status.
  Result<ResultPtr> run(std::string_view sql, std::span<const Value> params);
  pg_conn* conn_;
  std::map<std::string, std::unique_ptr<Prepared>, std::less<>> prepared_;  // looked up by string_view
  int next_name_ = 0;
};

// '?' outside quotes, identifiers and comments becomes $1, $2, ...; pure.
std::string numbered_placeholders(std::string_view sql);

// SQLSTATE of a failed call ("40001"), "" when the error was not the server's.
std::string sqlstate(const Error& e);

}  // namespace helmarr::store::postgres
