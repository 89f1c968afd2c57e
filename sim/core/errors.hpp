// The small exception hierarchy of wfsim. The command line maps each kind to
// an exit code: ScenarioError and UsageError exit 2, everything else 1.
#pragma once

#include <stdexcept>
#include <string>

namespace wfsim {

struct Error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Bad input from the user that is not a scenario file (a flag, a path).
struct UsageError : Error {
  using Error::Error;
};

// A scenario file (or --set override) breaks a rule. what() is the full
// one-line message: "FILE:LINE:COL: KEY.PATH: RULE (got VALUE)[; did you mean X?]".
struct ScenarioError : Error {
  ScenarioError(std::string file, int line, int column, std::string key_path, std::string value,
                std::string rule, std::string suggestion = {});
  std::string file;
  int line;    // 1-based, 0 if unknown
  int column;  // 1-based, 0 if unknown
  std::string key_path;
  std::string value;
  std::string rule;
  std::string suggestion;
};

// Writing or reading an output file failed, or it would overwrite a result.
struct OutputError : Error {
  using Error::Error;
};

}  // namespace wfsim
