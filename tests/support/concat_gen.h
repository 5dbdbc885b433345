#pragma once
// RapidCheck generator of strings glued from a fixed set of pieces: biases
// fuzzing towards the tokens a parser recognises, which raw bytes rarely hit.
#include <string>
#include <vector>

#include <rapidcheck.h>

namespace helmarr::testing {

inline rc::Gen<std::string> concatenations_of(std::vector<std::string> pieces) {
  return rc::gen::map(rc::gen::container<std::vector<std::string>>(rc::gen::elementOf(std::move(pieces))),
                      [](const std::vector<std::string>& parts) {
                        std::string s;
                        for (const auto& p : parts) s += p;
                        return s;
                      });
}

}  // namespace helmarr::testing
