#include "system/auth.h"

#include <algorithm>
#include <utility>

#include <spdlog/spdlog.h>

#include "core/crypto.h"

namespace helmarr::system {

namespace {

constexpr const char* kSecretName = "api_key_sha256";
constexpr auto kReloadInterval = std::chrono::seconds{1};

// "hk_" + 48 hex characters: 51 characters, 192 bits of randomness.
std::string generate_key() {
  return "hk_" + random_hex(24);
}

std::int64_t ceil_seconds(std::chrono::steady_clock::duration d) {
  const auto s = std::chrono::ceil<std::chrono::seconds>(d).count();
  return std::max<std::int64_t>(1, s);
}

}  // namespace

// ---------------------------------------------------------------------------
// ApiKeyStore

ApiKeyStore::ApiKeyStore(store::SecretRepository& secrets, const Clock& clock) : secrets_(secrets), clock_(clock) {}

Result<std::optional<std::string>> ApiKeyStore::initialise(std::optional<std::string> configured_key) {
  if (configured_key && !configured_key->empty()) {
    std::lock_guard lock(mu_);
    hash_ = sha256_hex(*configured_key);
    configured_ = true;
    ++generation_;
    return std::optional<std::string>{};
  }

  auto stored = secrets_.get(kSecretName);
  if (!stored) return tl::unexpected(stored.error());
  if (*stored && !(*stored)->empty()) {
    std::lock_guard lock(mu_);
    hash_ = **stored;
    configured_ = false;
    loaded_at_ = clock_.now();
    ++generation_;
    return std::optional<std::string>{};
  }

  std::string key = generate_key();
  std::string hash = sha256_hex(key);
  if (auto put = secrets_.put(kSecretName, hash); !put) return tl::unexpected(put.error());
  std::lock_guard lock(mu_);
  hash_ = std::move(hash);
  configured_ = false;
  loaded_at_ = clock_.now();
  ++generation_;
  return std::optional<std::string>{std::move(key)};
}

Result<std::string> ApiKeyStore::rotate() {
  {
    std::lock_guard lock(mu_);
    if (configured_) {
      return fail(ErrorCode::conflict,
                  "the API key is set by configuration (--api-key / HELMARR_API_KEY / helmarr.toml); change it there");
    }
  }
  std::string key = generate_key();
  std::string hash = sha256_hex(key);
  if (auto put = secrets_.put(kSecretName, hash); !put) return tl::unexpected(put.error());
  std::lock_guard lock(mu_);
  hash_ = std::move(hash);
  loaded_at_ = clock_.now();
  ++generation_;
  return key;
}

void ApiKeyStore::reload_if_stale() {
  std::uint64_t generation = 0;
  {
    std::lock_guard lock(mu_);
    const auto now = clock_.now();
    if (configured_ || now - loaded_at_ < kReloadInterval) return;
    // Claim this reload: concurrent verifies keep using the current hash
    // instead of all reading the store at once.
    loaded_at_ = now;
    generation = generation_;
  }
  // Outside the mutex: the store read must not stall other verifies.
  auto stored = secrets_.get(kSecretName);
  if (!stored) {
    spdlog::warn("could not re-read the API key hash, keeping the current one: {}", stored.error().message);
    return;
  }
  if (!*stored || (*stored)->empty()) return;  // nothing stored (yet): keep what we have
  std::lock_guard lock(mu_);
  if (generation_ == generation && !configured_) hash_ = std::move(**stored);
}

bool ApiKeyStore::verify(std::string_view presented) {
  if (presented.empty()) return false;
  reload_if_stale();
  const std::string candidate = sha256_hex(presented);
  std::lock_guard lock(mu_);
  if (hash_.empty()) return false;  // not initialised
  return constant_time_equal(candidate, hash_);
}

std::string ApiKeyStore::key_id() const {
  std::lock_guard lock(mu_);
  return "key_" + hash_.substr(0, 8);
}

// ---------------------------------------------------------------------------
// Authenticator

Authenticator::Authenticator(ApiKeyStore& keys, const Clock& clock, std::size_t max_addresses)
    : keys_(keys), clock_(clock), max_addresses_(std::max<std::size_t>(max_addresses, 1)) {}

void Authenticator::set_policy(LockoutPolicy policy) {
  policy.max_failures = std::max(policy.max_failures, 1);
  std::lock_guard lock(mu_);
  policy_ = policy;
}

bool Authenticator::is_banned(std::string_view address) {
  const auto now = clock_.now();
  std::lock_guard lock(mu_);
  auto it = failures_.find(std::string(address));
  return it != failures_.end() && it->second.banned_until && *it->second.banned_until > now;
}

AuthResult Authenticator::check(std::string_view address, std::string_view presented) {
  const std::string addr(address);
  {
    const auto now = clock_.now();
    std::lock_guard lock(mu_);
    auto it = failures_.find(addr);
    if (it != failures_.end() && it->second.banned_until) {
      if (*it->second.banned_until > now) {
        return AuthResult{AuthOutcome::banned, {}, ceil_seconds(*it->second.banned_until - now)};
      }
      it->second.banned_until.reset();  // served its time
      if (it->second.recent.empty()) failures_.erase(it);
    }
  }

  if (presented.empty()) return AuthResult{AuthOutcome::missing, {}, 0};

  // Outside our mutex: verify may re-read the stored hash.
  if (keys_.verify(presented)) return AuthResult{AuthOutcome::ok, keys_.key_id(), 0};

  const auto now = clock_.now();
  std::lock_guard lock(mu_);
  auto it = failures_.find(addr);
  if (it == failures_.end()) {
    if (failures_.size() >= max_addresses_) {
      // Bound the table. Entries with no active ban and no failure inside the
      // window carry no state and go first. If that is not enough, drop
      // arbitrary entries (hash order) down to 90% of the bound, unbanned ones
      // before banned ones: under a flood of unique addresses some counters
      // restart, which is the price of bounded memory.
      const std::size_t target = max_addresses_ - std::max<std::size_t>(1, max_addresses_ / 10);
      const auto cutoff = now - policy_.window;
      for (auto f = failures_.begin(); f != failures_.end();) {
        const bool banned = f->second.banned_until && *f->second.banned_until > now;
        const bool recent =
            std::any_of(f->second.recent.begin(), f->second.recent.end(), [&](auto t) { return t > cutoff; });
        f = (!banned && !recent) ? failures_.erase(f) : std::next(f);
      }
      for (auto f = failures_.begin(); f != failures_.end() && failures_.size() > target;) {
        const bool banned = f->second.banned_until && *f->second.banned_until > now;
        f = banned ? std::next(f) : failures_.erase(f);
      }
      while (failures_.size() > target) failures_.erase(failures_.begin());
    }
    it = failures_.emplace(addr, Failures{}).first;
  }

  Failures& f = it->second;
  if (f.banned_until && *f.banned_until > now) {
    // Banned by a concurrent request while we were verifying.
    return AuthResult{AuthOutcome::wrong, {}, 0};
  }
  const auto cutoff = now - policy_.window;
  std::erase_if(f.recent, [&](auto t) { return t <= cutoff; });
  f.recent.push_back(now);
  if (static_cast<int>(f.recent.size()) >= policy_.max_failures) {
    f.banned_until = now + policy_.ban;
    f.recent.clear();
    spdlog::warn("too many wrong API keys from {}: refusing it for {}s", addr, policy_.ban.count());
  }
  // The request that triggers the ban still gets "wrong"; the next is refused.
  return AuthResult{AuthOutcome::wrong, {}, 0};
}

}  // namespace helmarr::system
