// App is a list of modules: a module's migrations, settings, routes and
// jobs are all registered through src/app/module.h.
#include <gtest/gtest.h>

#include "api/pipeline.h"
#include "app/app.h"
#include "core/sync_wait.h"
#include "system/scheduler.h"

namespace helmarr::app {
namespace {

class SampleModule final : public Module {
 public:
  std::string_view name() const override { return "sample"; }
  std::vector<store::Migration> migrations(store::Dialect) const override {
    return {{1, "items", "CREATE TABLE sample_items (id INTEGER PRIMARY KEY, name TEXT NOT NULL);"}};
  }
  void define_settings(system::SettingsService& settings) override {
    settings.define({.key = "sample_size", .type = system::SettingType::integer, .default_value = 3, .min = 1,
                     .max = 10, .description = "sample"});
  }
  void register_routes(http::Router& router) override {
    router.add(http::Method::get, "/api/sample", [](http::Request&) -> Result<http::Response> {
      return http::Response::text(200, "sample");
    }, {.rate_category = rate_category});
  }
  void register_jobs(system::Scheduler& scheduler) override {
    ASSERT_TRUE(scheduler.add({.name = "sample_job", .description = "d", .interval = std::chrono::hours(1),
                               .body = [](std::stop_token) -> Task<Result<void>> { co_return Result<void>{}; }}));
  }
  std::string rate_category = "general";
};

std::unique_ptr<App> make_app() {
  Config config;
  config.api_key = "modules-test-key-0123456789";
  auto created = App::create(config, /*in_memory=*/true);
  if (!created) throw std::runtime_error(created.error().message);
  return std::move(*created);
}

TEST(Modules, TheFoundationIsAListOfModules) {
  auto app = make_app();
  std::vector<std::string> names;
  for (const auto& m : app->modules()) names.emplace_back(m->name());
  EXPECT_EQ(names, (std::vector<std::string>{"system", "events", "library"}));
  // Their routes and jobs came through the module interface.
  EXPECT_TRUE(app->router().match(http::Method::get, "/api/settings").route);
  EXPECT_TRUE(app->router().match(http::Method::get, "/ws/x").route);
  EXPECT_TRUE(app->scheduler().job("settings_audit_retention"));
}

TEST(Modules, AModuleRegistersMigrationsSettingsRoutesAndJobs) {
  auto app = make_app();
  ASSERT_TRUE(app->add_module(std::make_unique<SampleModule>()));
  EXPECT_TRUE(app->database().execute("INSERT INTO sample_items (name) VALUES ('x')"));
  EXPECT_EQ(app->settings().get_int("sample_size"), 3);
  auto req = std::make_shared<http::Request>();
  req->path = "/api/sample";
  req->headers.add("X-API-Key", "modules-test-key-0123456789");
  EXPECT_EQ(sync_wait(app->pipeline().handle(req)).body, "sample");
  EXPECT_TRUE(app->scheduler().job("sample_job"));
}

TEST(Modules, AModuleNamingAnUnknownRateCategoryIsRefused) {
  auto app = make_app();
  auto module = std::make_unique<SampleModule>();
  module->rate_category = "no_such_category";
  auto added = app->add_module(std::move(module));
  ASSERT_FALSE(added);
  EXPECT_NE(added.error().message.find("'no_such_category' does not exist"), std::string::npos);
}

}  // namespace
}  // namespace helmarr::app
