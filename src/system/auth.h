#pragma once
// API key authentication and brute-force lockout.
//
// One API key. When none is configured, one is generated on first start,
// printed once, and only its SHA-256 hash is stored. Presented keys are hashed
// and compared in constant time. After `max_failures` wrong keys from one
// address within `window`, that address is refused (429) for `ban`; a correct
// key does not lift a ban early.
#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "store/secret_repository.h"

namespace helmarr::system {

struct LockoutPolicy {
  int max_failures = 5;
  std::chrono::seconds window{300};
  std::chrono::seconds ban{600};
};

enum class AuthOutcome { ok, missing, wrong, banned };

struct AuthResult {
  AuthOutcome outcome = AuthOutcome::missing;
  std::string key_id;          // "key_" + first 8 hex of the hash, when ok
  std::int64_t retry_after = 0;  // seconds left on the ban, when banned
};

class ApiKeyStore {
 public:
  ApiKeyStore(store::SecretRepository& secrets, const Clock& clock);

  // Startup: a configured key wins (its hash is kept in memory only). Without
  // one, loads the stored hash, or generates a key, stores its hash and
  // returns the plain key once so the caller can print it.
  Result<std::optional<std::string>> initialise(std::optional<std::string> configured_key);
  // Generates a new key, stores its hash (the old key stops working at once in
  // this process, within a second in a running server) and returns it.
  Result<std::string> rotate();
  bool configured_by_operator() const { return configured_; }

  // Constant-time check of a presented key.
  bool verify(std::string_view presented);
  std::string key_id() const;

 private:
  void reload_if_stale();
  store::SecretRepository& secrets_;
  const Clock& clock_;
  mutable std::mutex mu_;
  std::string hash_;  // hex sha256
  bool configured_ = false;
  std::chrono::steady_clock::time_point loaded_at_{};
  // Bumped by every change made in this process, so a concurrent reload that
  // read the store before the change cannot overwrite it with the old hash.
  std::uint64_t generation_ = 0;
};

class Authenticator {
 public:
  Authenticator(ApiKeyStore& keys, const Clock& clock, std::size_t max_addresses = 100'000);

  void set_policy(LockoutPolicy policy);
  // presented: the key from X-API-Key, "Authorization: Bearer" or ?apikey=
  // (empty when none). A missing key is not counted as a failed attempt.
  AuthResult check(std::string_view address, std::string_view presented);
  bool is_banned(std::string_view address);

 private:
  struct Failures {
    std::vector<std::chrono::steady_clock::time_point> recent;
    std::optional<std::chrono::steady_clock::time_point> banned_until;
  };
  ApiKeyStore& keys_;
  const Clock& clock_;
  std::size_t max_addresses_;
  std::mutex mu_;
  LockoutPolicy policy_;
  std::unordered_map<std::string, Failures> failures_;
};

}  // namespace helmarr::system
