#include "core/log.h"

#include <regex>
#include <sstream>

#include <gtest/gtest.h>
#include <spdlog/details/log_msg.h>
#include <spdlog/sinks/ostream_sink.h>

namespace helmarr::log {
namespace {

using spdlog::level::level_enum;

// Installs the process logger on a string stream; puts a stderr text logger
// back afterwards so later tests are unaffected.
class LogCapture : public ::testing::Test {
 protected:
  void install(Format format, level_enum level = spdlog::level::trace) {
    out_.str("");
    init(format, level, {std::make_shared<spdlog::sinks::ostream_sink_mt>(out_)});
  }
  void TearDown() override { init(Format::text, spdlog::level::info); }
  std::vector<std::string> lines() const {
    std::vector<std::string> result;
    std::istringstream in(out_.str());
    for (std::string line; std::getline(in, line);) result.push_back(line);
    return result;
  }
  std::ostringstream out_;
};

const std::regex kTs(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)");

TEST(LogParse, Levels) {
  const std::pair<const char*, level_enum> table[] = {
      {"trace", spdlog::level::trace}, {"debug", spdlog::level::debug},     {"info", spdlog::level::info},
      {"warn", spdlog::level::warn},   {"warning", spdlog::level::warn},    {"error", spdlog::level::err},
      {"critical", spdlog::level::critical}, {"off", spdlog::level::off}, {"INFO", spdlog::level::info},
      {"Warn", spdlog::level::warn},   {"ERROR", spdlog::level::err},
  };
  for (const auto& [name, level] : table) {
    auto r = parse_level(name);
    ASSERT_TRUE(r) << name;
    EXPECT_EQ(*r, level) << name;
  }
  for (const char* bad : {"", "verbose", "err", "inf", " info", "info "}) {
    auto r = parse_level(bad);
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().code, ErrorCode::invalid_request);
  }
  EXPECT_EQ(parse_level("x").error().message,
            "unknown log level 'x' (use trace, debug, info, warn, error, critical or off)");
}

TEST(LogParse, Formats) {
  EXPECT_EQ(*parse_format("text"), Format::text);
  EXPECT_EQ(*parse_format("json"), Format::json);
  EXPECT_EQ(*parse_format("JSON"), Format::json);
  for (const char* bad : {"", "yaml", "jsonl"}) {
    auto r = parse_format(bad);
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().code, ErrorCode::invalid_request);
    EXPECT_NE(r.error().message.find(bad), std::string::npos);
  }
}

std::string format_with(Format format, level_enum level, std::string_view msg) {
  const auto t = spdlog::log_clock::time_point(std::chrono::milliseconds(1'777'300'200'123));
  spdlog::details::log_msg m(t, spdlog::source_loc{}, "helmarr", level, spdlog::string_view_t(msg.data(), msg.size()));
  spdlog::memory_buf_t buf;
  make_formatter(format)->format(m, buf);
  return std::string(buf.data(), buf.size());
}

TEST(LogFormatter, TextIsUtcIsoTimestampLevelMessage) {
  EXPECT_EQ(format_with(Format::text, spdlog::level::info, "hello world"),
            "2026-04-27T14:30:00.123Z info hello world\n");
  EXPECT_EQ(format_with(Format::text, spdlog::level::err, "boom"), "2026-04-27T14:30:00.123Z error boom\n");
}

TEST(LogFormatter, JsonIsOneEscapedObjectPerLine) {
  const std::string line = format_with(Format::json, spdlog::level::warn, "say \"hi\"\nand\tleave \\ now");
  ASSERT_FALSE(line.empty());
  EXPECT_EQ(line.back(), '\n');
  EXPECT_EQ(line.find('\n'), line.size() - 1) << "raw newline inside the JSON line";
  const auto j = nlohmann::json::parse(line);
  EXPECT_EQ(j["ts"], "2026-04-27T14:30:00.123Z");
  EXPECT_EQ(j["level"], "warning");
  EXPECT_EQ(j["msg"], "say \"hi\"\nand\tleave \\ now");
  EXPECT_EQ(j.size(), 3u);
  EXPECT_EQ(line.rfind("{\"ts\":", 0), 0u) << "ts first: " << line;
}

TEST(LogFormatter, JsonSurvivesInvalidUtf8) {
  std::string line;
  ASSERT_NO_THROW(line = format_with(Format::json, spdlog::level::info, "bad \xff byte"));
  const auto j = nlohmann::json::parse(line);
  EXPECT_EQ(j["msg"], "bad \xEF\xBF\xBD byte");
}

TEST_F(LogCapture, TextModeLines) {
  install(Format::text);
  EXPECT_EQ(format(), Format::text);
  spdlog::info("plain {}", 42);
  event(spdlog::level::warn, "login failed",
        {{"user", "bob"}, {"reason", "bad password"}, {"attempts", 3}, {"empty", ""}, {"ok", false}});
  auto l = lines();
  ASSERT_EQ(l.size(), 2u);
  std::smatch m;
  ASSERT_TRUE(std::regex_search(l[0], m, kTs));
  EXPECT_EQ(m.position(0), 0);
  EXPECT_EQ(l[0].substr(24), " info plain 42");
  // nlohmann::json objects iterate keys in sorted order.
  EXPECT_EQ(l[1].substr(24), " warning login failed attempts=3 empty=\"\" ok=false reason=\"bad password\" user=bob");
}

TEST_F(LogCapture, JsonModeLinesCarryFields) {
  install(Format::json);
  EXPECT_EQ(format(), Format::json);
  spdlog::info("quote \" and\nnewline");
  event(spdlog::level::info, "request \"done\"\n",
        {{"status", 200}, {"path", "/api/v1/x"}, {"msg", "ignored"}, {"nested", {{"a", 1}}}});
  event(spdlog::level::err, "no fields", nlohmann::json::object());
  spdlog::info("after an event, no fields leak");
  auto l = lines();
  ASSERT_EQ(l.size(), 4u);
  const auto a = nlohmann::json::parse(l[0]);
  EXPECT_EQ(a["msg"], "quote \" and\nnewline");
  EXPECT_EQ(a["level"], "info");
  EXPECT_TRUE(std::regex_match(a["ts"].get<std::string>(), kTs));
  EXPECT_EQ(a.size(), 3u);

  const auto b = nlohmann::json::parse(l[1]);
  EXPECT_EQ(b["msg"], "request \"done\"\n");  // ts/level/msg win over same-named fields
  EXPECT_EQ(b["status"], 200);
  EXPECT_EQ(b["path"], "/api/v1/x");
  EXPECT_EQ(b["nested"]["a"], 1);
  EXPECT_EQ(b.size(), 6u);
  EXPECT_EQ(l[1].rfind("{\"ts\":", 0), 0u);

  const auto c = nlohmann::json::parse(l[2]);
  EXPECT_EQ(c["level"], "error");
  EXPECT_EQ(c.size(), 3u);
  EXPECT_EQ(nlohmann::json::parse(l[3]).size(), 3u);
}

TEST_F(LogCapture, LevelChangesAtRunTime) {
  install(Format::text, spdlog::level::info);
  spdlog::debug("hidden");
  event(spdlog::level::debug, "hidden too", {{"k", 1}});
  set_level(spdlog::level::debug);
  spdlog::debug("shown");
  set_level(spdlog::level::err);
  spdlog::warn("hidden again");
  spdlog::error("shown again");
  auto l = lines();
  ASSERT_EQ(l.size(), 2u);
  EXPECT_NE(l[0].find("debug shown"), std::string::npos);
  EXPECT_NE(l[1].find("error shown again"), std::string::npos);
}

TEST_F(LogCapture, FlushesOnWarnAndAbove) {
  install(Format::text);
  EXPECT_EQ(spdlog::default_logger()->flush_level(), spdlog::level::warn);
}

}  // namespace
}  // namespace helmarr::log
