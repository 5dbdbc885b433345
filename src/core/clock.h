#pragma once
// Time behind an interface so limiters, lockouts and expiry are tested
// without sleeping (Transmission's TimerMaker idea).
#include <atomic>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace helmarr {

class Clock {
 public:
  virtual ~Clock() = default;
  // Monotonic time for intervals.
  virtual std::chrono::steady_clock::time_point now() const = 0;
  // Wall time for timestamps.
  virtual std::chrono::system_clock::time_point wall() const = 0;
};

class SystemClock final : public Clock {
 public:
  std::chrono::steady_clock::time_point now() const override { return std::chrono::steady_clock::now(); }
  std::chrono::system_clock::time_point wall() const override { return std::chrono::system_clock::now(); }
  static SystemClock& instance();
};

// A clock the tests move by hand.
class ManualClock final : public Clock {
 public:
  std::chrono::steady_clock::time_point now() const override {
    return std::chrono::steady_clock::time_point(std::chrono::nanoseconds(mono_.load()));
  }
  std::chrono::system_clock::time_point wall() const override {
    return std::chrono::system_clock::time_point(
        std::chrono::duration_cast<std::chrono::system_clock::duration>(std::chrono::nanoseconds(wall_.load())));
  }
  void advance(std::chrono::nanoseconds d) { mono_ += d.count(); wall_ += d.count(); }
  void set_wall_epoch_ms(std::int64_t ms) { wall_ = ms * 1'000'000; }

 private:
  std::atomic<std::int64_t> mono_{1'000'000'000};
  std::atomic<std::int64_t> wall_{1'767'225'600'000'000'000};  // 2026-01-01T00:00:00Z
};

// "2026-04-27T14:30:00.000Z": the timestamp form all three seeds use.
std::string iso8601(std::chrono::system_clock::time_point t);
std::int64_t epoch_seconds(std::chrono::system_clock::time_point t);
// The proleptic Gregorian calendar in days since 1970-01-01 (era
// arithmetic: 400-year cycles of 146097 days, years starting in March), for
// code that formats or parses dates by the million without gmtime.
struct CivilDate {
  int year;
  int month;  // 1..12
  int day;    // 1..31
};
std::int64_t days_from_civil(int year, int month, int day);
CivilDate civil_from_days(std::int64_t days);

// Unix seconds of an RFC 3339 timestamp ("2024-06-01T12:00:00Z",
// "2024-06-01T12:00:00.123+02:00", a space for the T, or a plain date
// "2024-06-01" at midnight UTC); empty when it is not one.
std::optional<std::int64_t> parse_rfc3339(std::string_view text);

}  // namespace helmarr
