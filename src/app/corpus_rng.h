#pragma once
// The corpus generator's random numbers: xoshiro256** seeded by splitmix64,
// and integer-only ways of drawing from them. std:: distributions are not
// specified bit for bit (libstdc++ and libc++ differ, and versions change),
// so a seed would not name one corpus everywhere; these are fixed by their
// arithmetic alone.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace helmarr::app {

// splitmix64's output function: a bijection of 64-bit values, so distinct
// inputs never collide (the corpus's info-hashes rely on it).
constexpr std::uint64_t mix64(std::uint64_t z) {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

class CorpusRng {
 public:
  explicit CorpusRng(std::uint64_t seed) {
    for (auto& w : s_) {
      seed += 0x9e3779b97f4a7c15ULL;
      w = mix64(seed);
    }
  }

  std::uint64_t next() {
    const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }

  // Uniform in [0, n), n > 0 (multiply-shift; the bias, under n / 2^64, is
  // far below anything a corpus can show).
  std::uint64_t below(std::uint64_t n) { return static_cast<std::uint64_t>((static_cast<unsigned __int128>(next()) * n) >> 64); }
  // Uniform in [lo, hi].
  std::int64_t between(std::int64_t lo, std::int64_t hi) {
    return lo + static_cast<std::int64_t>(below(static_cast<std::uint64_t>(hi - lo) + 1));
  }
  bool percent(unsigned p) { return below(100) < p; }
  bool per_mille(unsigned p) { return below(1000) < p; }

  template <class T>
  const T& pick(std::span<const T> items) { return items[below(items.size())]; }
  template <class T, std::size_t N>
  const T& pick(const T (&items)[N]) { return items[below(N)]; }

  // Long-tailed counts: 0 with probability zero_percent, else a value whose
  // binary length is geometric (each further bit half as likely), capped at
  // max_bits: most small, a few in the thousands.
  std::int64_t long_tail(unsigned zero_percent, int max_bits) {
    if (percent(zero_percent)) return 0;
    int bits = 0;
    while (bits < max_bits && (next() & 1)) ++bits;
    const std::int64_t lo = std::int64_t{1} << bits;
    return between(lo, 2 * lo - 1);
  }

 private:
  static constexpr std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::uint64_t s_[4];
};

// A choice among values with integer weights, scanned in order (tables here
// are short).
template <class T>
struct Weighted {
  T value;
  unsigned weight;
};

template <class T, std::size_t N>
const T& pick_weighted(CorpusRng& rng, const Weighted<T> (&table)[N]) {
  std::uint64_t total = 0;
  for (const auto& w : table) total += w.weight;
  std::uint64_t r = rng.below(total);
  for (const auto& w : table) {
    if (r < w.weight) return w.value;
    r -= w.weight;
  }
  return table[N - 1].value;
}

// Zipf-Mandelbrot popularity over n items: item k is drawn in proportion to
// 1 / (k + q), computed in integers. Larger q flattens the head.
class ZipfTable {
 public:
  ZipfTable(std::size_t n, std::uint64_t q) : cumulative_(n) {
    std::uint64_t sum = 0;
    for (std::size_t k = 0; k < n; ++k) cumulative_[k] = sum += (std::uint64_t{1} << 40) / (k + q);
  }
  std::size_t pick(CorpusRng& rng) const {
    const std::uint64_t r = rng.below(cumulative_.back());
    std::size_t lo = 0, hi = cumulative_.size() - 1;  // first k with cumulative_[k] > r
    while (lo < hi) {
      const std::size_t mid = (lo + hi) / 2;
      if (cumulative_[mid] > r) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
  std::size_t size() const { return cumulative_.size(); }

 private:
  std::vector<std::uint64_t> cumulative_;
};

}  // namespace helmarr::app
