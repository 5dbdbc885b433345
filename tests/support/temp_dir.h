#pragma once
// A fresh directory per test under $HELMARR_TEST_TMP (set by ctest) or /tmp,
// named after the running test, removed when the test ends.
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <string>

namespace helmarr::testing {

class TempDir {
 public:
  TempDir() {
    namespace fs = std::filesystem;
    const char* root = std::getenv("HELMARR_TEST_TMP");
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    static std::atomic<int> counter{0};
    path_ = fs::path(root && *root ? root : "/tmp") /
            ("helmarr-" + std::string(info ? info->test_suite_name() : "none") + "-" +
             (info ? info->name() : "none") + "-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace helmarr::testing
