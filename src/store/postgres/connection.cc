#include "store/postgres/connection.h"

#include <libpq-fe.h>

#include <charconv>
#include <cstdio>

#include <fmt/format.h>

#include "store/sql_text.h"

#include "store/database_url.h"

namespace helmarr::store::postgres {
namespace {

// Type OIDs of pg_type that results are read by.
constexpr Oid kBool = 16, kBytea = 17, kInt8 = 20, kInt2 = 21, kInt4 = 23, kOid = 26, kFloat4 = 700, kFloat8 = 701,
              kNumeric = 1700;

// Statements prepared per connection before the cache stops taking more:
// past this something is building SQL dynamically.
constexpr std::size_t kPreparedLimit = 256;

ErrorCode code_for(const std::string& state) {
  if (state.rfind("23", 0) == 0) return ErrorCode::conflict;  // integrity constraint violation
  if (state == "40001" || state == "40P01" || state == "57014" || state.rfind("08", 0) == 0 || state == "57P01") {
    return ErrorCode::unavailable;  // serialization, deadlock, timeout, connection lost
  }
  return ErrorCode::internal;
}


std::string trimmed(const char* s) {
  std::string out = s ? s : "";
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  return out;
}

tl::unexpected<Error> result_fail(PGconn* conn, const PGresult* res, std::string_view what, std::string_view sql) {
  const char* state_field = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
  const std::string state = state_field ? state_field : "";
  const std::string message = res ? trimmed(PQresultErrorMessage(res)) : trimmed(PQerrorMessage(conn));
  const std::string shown = message.empty() ? trimmed(PQerrorMessage(conn)) : message;
  std::string text = fmt::format("postgres {} failed: {}", what, shown);
  if (!sql.empty()) text += fmt::format(" [sql: {}]", sql_excerpt(sql));
  const ErrorCode code = state.empty() && PQstatus(conn) != CONNECTION_OK ? ErrorCode::unavailable : code_for(state);
  return fail(code, std::move(text), {{"engine", "postgres"}, {"sqlstate", state}, {"postgres_message", shown}});
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// bytea's text output: \x followed by hex digits.
std::string bytea_bytes(std::string_view text) {
  std::string out;
  if (text.size() < 2 || text[0] != '\\' || text[1] != 'x') return std::string(text);
  out.reserve((text.size() - 2) / 2);
  for (std::size_t i = 2; i + 1 < text.size(); i += 2) {
    const int hi = hex_value(text[i]), lo = hex_value(text[i + 1]);
    if (hi < 0 || lo < 0) break;
    out.push_back(static_cast<char>(hi << 4 | lo));
  }
  return out;
}

Value column(const PGresult* res, int row, int col) {
  if (PQgetisnull(res, row, col)) return std::monostate{};
  const char* v = PQgetvalue(res, row, col);
  const std::string_view text(v, static_cast<std::size_t>(PQgetlength(res, row, col)));
  switch (PQftype(res, col)) {
    case kInt8:
    case kInt4:
    case kInt2:
    case kOid: {
      std::int64_t n = 0;
      std::from_chars(text.data(), text.data() + text.size(), n);
      return n;
    }
    case kBool:
      return std::int64_t{text == "t" ? 1 : 0};
    case kFloat4:
    case kFloat8:
    case kNumeric:
      return std::strtod(std::string(text).c_str(), nullptr);
    case kBytea:
      return Blob{bytea_bytes(text)};
    default:
      return std::string(text);
  }
}


}  // namespace

void Connection::ResultFree::operator()(pg_result* r) const { PQclear(r); }

std::string numbered_placeholders(std::string_view sql) {
  std::string out;
  out.reserve(sql.size() + 16);
  int n = 0;
  for (std::size_t i = 0; i < sql.size(); ++i) {
    const char c = sql[i];
    if (c == '\'' || c == '"') {  // a string or a quoted identifier, doubled quotes inside
      const std::size_t end = sql.find(c, i + 1);
      const std::size_t stop = end == std::string_view::npos ? sql.size() : end + 1;
      out.append(sql.substr(i, stop - i));
      i = stop - 1;
    } else if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
      const std::size_t end = sql.find('\n', i);
      const std::size_t stop = end == std::string_view::npos ? sql.size() : end;
      out.append(sql.substr(i, stop - i));
      i = stop - 1;
    } else if (c == '/' && i + 1 < sql.size() && sql[i + 1] == '*') {
      const std::size_t end = sql.find("*/", i + 2);
      const std::size_t stop = end == std::string_view::npos ? sql.size() : end + 2;
      out.append(sql.substr(i, stop - i));
      i = stop - 1;
    } else if (c == '?') {
      out += fmt::format("${}", ++n);
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::string sqlstate(const Error& e) {
  if (auto it = e.details.find("sqlstate"); it != e.details.end() && it->is_string()) return it->get<std::string>();
  return "";
}

Result<std::unique_ptr<Connection>> Connection::open(const ConnectionOptions& options) {
  // Ours first: what the operator's conninfo says wins (libpq expands dbname
  // last and lets it override the keywords before it).
  const std::string timeout = std::to_string(options.connect_timeout_s);
  const char* keys[] = {"connect_timeout", "application_name", "dbname", nullptr};
  const char* values[] = {timeout.c_str(), "helmarr", options.conninfo.c_str(), nullptr};
  PGconn* conn = PQconnectdbParams(keys, values, 1);
  if (!conn) return fail(ErrorCode::unavailable, "postgres: out of memory opening a connection");
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string message = trimmed(PQerrorMessage(conn));
    PQfinish(conn);
    return fail(ErrorCode::unavailable,
                fmt::format("cannot connect to {}: {}", redact_database_url(options.conninfo), message),
                {{"engine", "postgres"}, {"postgres_message", message}});
  }
  std::unique_ptr<Connection> c(new Connection(conn));
  // Every statement is bounded in time; UTC so that timestamps read the same
  // from every process. Prepared statements planned afresh for their values
  // every time: a generic plan made while a table was empty (a sequential
  // scan) stays cached as the table grows, and an import of 200,000
  // torrents into a new database went six times slower for it.
  const std::string setup = fmt::format(
      "SET statement_timeout = {}; SET TIME ZONE 'UTC'; SET client_min_messages = warning; "
      "SET plan_cache_mode = force_custom_plan",
      options.statement_timeout_ms);
  if (auto done = c->execute_script(setup); !done) return tl::unexpected(done.error());
  return c;
}

Connection::~Connection() { PQfinish(conn_); }

int Connection::socket() const { return PQsocket(conn_); }

int Connection::backend_pid() const { return PQbackendPID(conn_); }

Result<std::vector<Connection::Notification>> Connection::notifications() {
  if (PQconsumeInput(conn_) == 0 || PQstatus(conn_) != CONNECTION_OK) {
    return fail(ErrorCode::unavailable, "postgres: notification connection lost: " + trimmed(PQerrorMessage(conn_)),
                {{"engine", "postgres"}});
  }
  std::vector<Notification> out;
  while (PGnotify* n = PQnotifies(conn_)) {
    out.push_back({n->relname ? n->relname : "", n->extra ? n->extra : "", n->be_pid});
    PQfreemem(n);
  }
  return out;
}

bool Connection::healthy() const { return PQstatus(conn_) == CONNECTION_OK; }

bool Connection::in_transaction() const {
  const auto s = PQtransactionStatus(conn_);
  return s == PQTRANS_INTRANS || s == PQTRANS_INERROR;
}

void Connection::rollback() {
  if (in_transaction()) (void)execute_script("ROLLBACK");
}

Result<const Connection::Prepared*> Connection::prepare(std::string_view sql) {
  if (auto it = prepared_.find(sql); it != prepared_.end()) return it->second.get();
  if (prepared_.size() >= kPreparedLimit) {
    // Past the limit something builds SQL dynamically: start the cache over.
    prepared_.clear();
    (void)execute_script("DEALLOCATE ALL");
  }
  const std::string numbered = numbered_placeholders(sql);
  auto p = std::make_unique<Prepared>();
  p->name = fmt::format("h{}", next_name_++);
  ResultPtr res(PQprepare(conn_, p->name.c_str(), numbered.c_str(), 0, nullptr));
  if (PQresultStatus(res.get()) != PGRES_COMMAND_OK) return result_fail(conn_, res.get(), "prepare", sql);
  ResultPtr described(PQdescribePrepared(conn_, p->name.c_str()));
  if (PQresultStatus(described.get()) != PGRES_COMMAND_OK) return result_fail(conn_, described.get(), "prepare", sql);
  p->params = PQnparams(described.get());
  auto* raw = p.get();
  prepared_.emplace(std::string(sql), std::move(p));
  return raw;
}

namespace {

// Runs a prepared statement; Values as text, blobs as binary bytea.
PGresult* run_prepared(PGconn* conn, const std::string& name, std::span<const Value> params) {
  std::vector<std::string> text(params.size());
  std::vector<const char*> values(params.size());
  std::vector<int> lengths(params.size()), formats(params.size());
  for (std::size_t i = 0; i < params.size(); ++i) {
    const Value& v = params[i];
    if (std::holds_alternative<std::monostate>(v)) {
      values[i] = nullptr;
    } else if (const auto* n = std::get_if<std::int64_t>(&v)) {
      text[i] = std::to_string(*n);
      values[i] = text[i].c_str();
    } else if (const auto* d = std::get_if<double>(&v)) {
      text[i] = fmt::format("{}", *d);
      values[i] = text[i].c_str();
    } else if (const auto* s = std::get_if<std::string>(&v)) {
      values[i] = s->c_str();
      lengths[i] = static_cast<int>(s->size());
    } else if (const auto* b = std::get_if<Blob>(&v)) {
      values[i] = b->bytes.data();
      lengths[i] = static_cast<int>(b->bytes.size());
      formats[i] = 1;
    }
  }
  return PQexecPrepared(conn, name.c_str(), static_cast<int>(params.size()), values.data(), lengths.data(),
                        formats.data(), 0);
}

}  // namespace

Result<Connection::ResultPtr> Connection::run(std::string_view sql, std::span<const Value> params) {
  auto p = prepare(sql);
  if (!p) return tl::unexpected(p.error());
  if (static_cast<int>(params.size()) != (*p)->params) {
    return fail(ErrorCode::internal, fmt::format("postgres: {} parameters for {} placeholders [sql: {}]",
                                                 params.size(), (*p)->params, sql_excerpt(sql)));
  }
  return ResultPtr(run_prepared(conn_, (*p)->name, params));
}

Result<ExecResult> Connection::execute(std::string_view sql, std::span<const Value> params) {
  auto res = run(sql, params);
  if (!res) return tl::unexpected(res.error());
  const auto status = PQresultStatus(res->get());
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) return result_fail(conn_, res->get(), "execute", sql);
  ExecResult out;
  const char* tuples = PQcmdTuples(res->get());
  if (tuples && *tuples) out.changes = std::strtoll(tuples, nullptr, 10);
  return out;
}

Result<std::vector<Row>> Connection::query(std::string_view sql, std::span<const Value> params) {
  auto res = run(sql, params);
  if (!res) return tl::unexpected(res.error());
  const PGresult* r = res->get();
  const auto status = PQresultStatus(r);
  if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) return result_fail(conn_, r, "query", sql);
  std::vector<Row> rows;
  const int n = PQntuples(r), cols = PQnfields(r);
  rows.reserve(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) {
    Row row;
    row.values.reserve(static_cast<std::size_t>(cols));
    for (int c = 0; c < cols; ++c) row.values.push_back(column(r, i, c));
    rows.push_back(std::move(row));
  }
  return rows;
}

Result<void> Connection::execute_script(std::string_view sql) {
  const std::string text(sql);
  ResultPtr res(PQexec(conn_, text.c_str()));
  const auto status = PQresultStatus(res.get());
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) return result_fail(conn_, res.get(), "script", "");
  return {};
}

}  // namespace helmarr::store::postgres
