// make_library: the engine's own library for the database it is given.
#include "library/library_service.h"

namespace helmarr::library {

std::unique_ptr<Library> make_library(store::Database& db, const media::Classifier& classifier, const Clock& clock,
                                      LibraryOptions options) {
  if (db.dialect() == store::Dialect::postgres) return make_postgres_library(db, classifier, clock, std::move(options));
  return make_sqlite_library(db, classifier, clock, std::move(options));
}

}  // namespace helmarr::library
