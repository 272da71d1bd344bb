#include "tint/error.hpp"

namespace tint {

void fail(const std::string& where, const std::string& what) { throw Error(where + ": " + what); }

}  // namespace tint
