#pragma once
// A real library on a fresh SQLite file (readers and writer, as in
// production) or a fresh PostgreSQL database, with the built-in classifier
// and a manual clock.
#include <memory>

#include "core/clock.h"
#include "library/library_service.h"
#include "media/classifier.h"
#include "store/database.h"
#include "store/migrations.h"
#include "support/postgres_server.h"
#include "support/temp_dir.h"

namespace helmarr::testing {

class LibraryFixture {
 public:
  explicit LibraryFixture(library::LibraryOptions opts = {}, store::Dialect dialect = store::Dialect::sqlite)
      : classifier(media::builtin_classifier_rules()), options(std::move(opts)) {
    if (dialect == store::Dialect::postgres) {
      db = fresh_postgres();
    } else {
      auto opened = store::open_sqlite({.path = (dir.path() / "helmarr.db").string()});
      if (!opened) throw std::runtime_error(opened.error().message);
      db = std::move(*opened);
    }
    if (!store::migrate(*db, clock)) throw std::runtime_error("migrate");
    if (auto m = store::migrate_module(*db, "library", library::library_migrations(db->dialect()), clock); !m) {
      throw std::runtime_error(m.error().message);
    }
    library = library::make_library(*db, classifier, clock, options);
  }

  TempDir dir;
  ManualClock clock;
  media::Classifier classifier;
  library::LibraryOptions options;
  std::unique_ptr<store::Database> db;
  std::unique_ptr<library::Library> library;
};

}  // namespace helmarr::testing
