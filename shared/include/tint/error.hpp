// The one exception type of the colour core: every message says what is wrong and where.
#pragma once

#include <stdexcept>
#include <string>

namespace tint {

class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Throws Error("<where>: <what>"); `where` names the function, file or field at fault.
[[noreturn]] void fail(const std::string& where, const std::string& what);

}  // namespace tint
