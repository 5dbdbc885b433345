#pragma once
// `helmarr classify [--json] [--explain] [NAME ...]`: classifies the names
// given, or every line of the input stream in order. A line is NDJSON
// {"name", "size", "files": [{"path", "size"}]} when it starts with '{',
// else a bare name.
#include <functional>
#include <iosfwd>
#include <string>
#include <vector>

#include "core/result.h"
#include "media/classifier.h"

namespace helmarr::app {

struct ClassifyOptions {
  bool json = false;
  bool explain = false;  // add the ids of the rules that decided
};

// Returns the exit code: 0, or 1 when some line was not valid (each such line
// is answered in place with {"error": "..."} so answers stay in input order).
int run_classify(const media::Classifier& classifier, const ClassifyOptions& options,
                 const std::vector<std::string>& names, std::istream& in, std::ostream& out,
                 const std::function<bool()>& input_ready = [] { return true; });

// The built-in rules, then the operator's file when `path` is not empty.
Result<media::ClassifierRules> load_classifier_rules(const std::string& path);

// A line of NDJSON may carry a big file list, but not without bound.
inline constexpr std::size_t kMaxClassifyLineBytes = 16 * 1024 * 1024;

}  // namespace helmarr::app
