#include "core/file.h"

#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/log.h"
#include "support/temp_dir.h"

namespace helmarr {
namespace {

namespace fs = std::filesystem;
using helmarr::testing::TempDir;

// Sets the process umask for one test and puts the old one back.
class Umask {
 public:
  explicit Umask(mode_t mask) : old_(::umask(mask)) {}
  ~Umask() { ::umask(old_); }

 private:
  mode_t old_;
};

unsigned mode_of(const fs::path& p) {
  struct stat st {};
  EXPECT_EQ(::stat(p.c_str(), &st), 0) << p;
  return static_cast<unsigned>(st.st_mode & 07777);
}

// Captures warnings for one test.
class Captured {
 public:
  Captured() { log::init(log::Format::text, spdlog::level::info, {std::make_shared<spdlog::sinks::ostream_sink_mt>(out_)}); }
  ~Captured() { log::init(log::Format::text, spdlog::level::info); }
  std::string text() const { return out_.str(); }

 private:
  std::ostringstream out_;
};

TEST(CreatePrivateDirectory, MakesItAndMissingParentsOwnerOnlyWhateverTheUmask) {
  TempDir tmp;
  for (mode_t mask : {mode_t{022}, mode_t{0}, mode_t{0277}}) {
    Umask umask(mask);
    const auto dir = tmp.path() / fmt::format("parent-{:o}", mask) / "data";
    auto made = create_private_directory(dir.string());
    ASSERT_TRUE(made) << made.error().message;
    EXPECT_TRUE(made->created);
    EXPECT_FALSE(made->shared);
    EXPECT_EQ(made->mode, 0700u);
    EXPECT_EQ(mode_of(dir), 0700u) << "umask " << std::oct << mask;
  }
  Umask umask(022);
  const auto slash = tmp.path() / "slash" / "data";
  auto made = create_private_directory(slash.string() + "/");
  ASSERT_TRUE(made) << made.error().message;
  EXPECT_TRUE(made->created);
  EXPECT_EQ(mode_of(slash), 0700u);
}

TEST(CreatePrivateDirectory, LeavesAnExistingOneAsItIsAndWarnsWhenOthersCanEnter) {
  TempDir tmp;
  const auto dir = tmp.path() / "shared";
  fs::create_directory(dir);
  ASSERT_EQ(::chmod(dir.c_str(), 0755), 0);
  Captured log;
  auto found = create_private_directory(dir.string());
  ASSERT_TRUE(found) << found.error().message;
  EXPECT_FALSE(found->created);
  EXPECT_TRUE(found->shared);
  EXPECT_EQ(found->mode, 0755u);
  EXPECT_EQ(mode_of(dir), 0755u);  // the operator's choice stands
  EXPECT_NE(log.text().find(dir.string()), std::string::npos) << log.text();
  EXPECT_NE(log.text().find("0755"), std::string::npos) << log.text();

  const auto own = tmp.path() / "own";
  fs::create_directory(own);
  ASSERT_EQ(::chmod(own.c_str(), 0700), 0);
  Captured quiet;
  auto mine = create_private_directory(own.string());
  ASSERT_TRUE(mine);
  EXPECT_FALSE(mine->shared);
  EXPECT_EQ(quiet.text(), "");
}

TEST(CreatePrivateDirectory, AFileInTheWayIsAnErrorNamingThePath) {
  TempDir tmp;
  const auto file = tmp.path() / "file";
  std::ofstream(file) << "x";
  auto r = create_private_directory(file.string());
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find(file.string()), std::string::npos) << r.error().message;
  EXPECT_NE(r.error().message.find("not a directory"), std::string::npos) << r.error().message;

  auto below = create_private_directory((file / "sub").string());
  ASSERT_FALSE(below);
  EXPECT_NE(below.error().message.find("cannot create"), std::string::npos) << below.error().message;
  EXPECT_FALSE(create_private_directory(""));
}

TEST(CreatePrivateFile, MakesAnEmptyOwnerOnlyFileWhateverTheUmask) {
  TempDir tmp;
  for (mode_t mask : {mode_t{022}, mode_t{0}, mode_t{0277}}) {
    Umask umask(mask);
    const auto file = tmp.path() / fmt::format("f-{:o}", mask);
    auto made = create_private_file(file.string());
    ASSERT_TRUE(made) << made.error().message;
    EXPECT_TRUE(made->created);
    EXPECT_EQ(mode_of(file), 0600u) << "umask " << std::oct << mask;
    EXPECT_EQ(fs::file_size(file), 0u);
  }
}

TEST(CreatePrivateFile, LeavesAnExistingFileAndItsContent) {
  TempDir tmp;
  const auto file = tmp.path() / "db";
  std::ofstream(file) << "data";
  ASSERT_EQ(::chmod(file.c_str(), 0644), 0);
  Captured log;
  auto found = create_private_file(file.string());
  ASSERT_TRUE(found) << found.error().message;
  EXPECT_FALSE(found->created);
  EXPECT_TRUE(found->shared);
  EXPECT_EQ(mode_of(file), 0644u);
  EXPECT_EQ(fs::file_size(file), 4u);
  EXPECT_NE(log.text().find(file.string()), std::string::npos) << log.text();

  auto dir = create_private_file(tmp.path().string());
  ASSERT_FALSE(dir);
  EXPECT_NE(dir.error().message.find("not a regular file"), std::string::npos) << dir.error().message;
  auto missing = create_private_file((tmp.path() / "no" / "such").string());
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message.find("No such file"), std::string::npos) << missing.error().message;
}

}  // namespace
}  // namespace helmarr
