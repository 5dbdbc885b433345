#pragma once
// A real PostgreSQL server for the tests. ctest's fixture starts one for the
// whole run (support/postgres_test_server.sh, its state in
// $HELMARR_TEST_TMP/postgres); a test binary run on its own starts its own
// with the same script and stops it at exit. Each test gets a database of
// its own.
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>

#include <fmt/format.h>

#include "store/database.h"

#ifndef HELMARR_TEST_DIR
#error "HELMARR_TEST_DIR: the tests/ directory (set by tests/CMakeLists.txt)"
#endif

namespace helmarr::testing {

class PostgresServer {
 public:
  static PostgresServer& shared() {
    static PostgresServer server;
    return server;
  }

  // libpq keywords for database `name` on this server.
  std::string conninfo(const std::string& name) const {
    return fmt::format("host={} user=postgres dbname={}", dir_, name);
  }

  // A new, empty database; its conninfo.
  std::string fresh_database() {
    static std::atomic<int> n{0};
    const std::string name = fmt::format("t_{}_{}", ::getpid(), ++n);
    auto admin = store::open_postgres({.conninfo = conninfo("postgres"), .pool_size = 1});
    if (!admin) throw std::runtime_error("postgres test server: " + admin.error().message);
    if (auto made = (*admin)->execute_script("CREATE DATABASE " + name); !made) {
      throw std::runtime_error("postgres test server: " + made.error().message);
    }
    return conninfo(name);
  }

  ~PostgresServer() {
    if (state_.empty()) return;
    (void)std::system(fmt::format("'{}' stop '{}'", script(), state_).c_str());
    std::error_code ignored;
    std::filesystem::remove_all(state_, ignored);
  }

 private:
  PostgresServer() {
    if (const char* tmp = std::getenv("HELMARR_TEST_TMP"); tmp && *tmp) {
      if (auto host = host_of(std::string(tmp) + "/postgres"); !host.empty()) {
        dir_ = host;
        return;
      }
    }
    // Started here, stopped at exit (and by the script's watch of this
    // process, should it end without running destructors).
    state_ = fmt::format("{}/helmarr-pg-state-{}", std::filesystem::temp_directory_path().string(), ::getpid());
    if (std::system(fmt::format("'{}' start '{}' {}", script(), state_, ::getpid()).c_str()) != 0) {
      throw std::runtime_error("postgres test server did not start");
    }
    dir_ = host_of(state_);
    if (dir_.empty()) throw std::runtime_error("postgres test server: no host directory in " + state_);
  }
  static std::string script() { return std::string(HELMARR_TEST_DIR) + "/support/postgres_test_server.sh"; }
  // The socket directory the script wrote into state/host, when its server runs.
  static std::string host_of(const std::string& state) {
    std::ifstream in(state + "/host");
    std::string host;
    std::getline(in, host);
    if (host.empty() || !std::filesystem::exists(host + "/data/postmaster.pid")) return "";
    return host;
  }

  std::string dir_;    // the server's socket directory
  std::string state_;  // the script's directory, when this process started the server
};

// A migrated-or-not PostgreSQL database of its own, for one test.
inline std::unique_ptr<store::Database> fresh_postgres(store::PostgresOptions options = {}) {
  options.conninfo = PostgresServer::shared().fresh_database();
  auto db = store::open_postgres(options);
  if (!db) throw std::runtime_error(db.error().message);
  return std::move(*db);
}

}  // namespace helmarr::testing
