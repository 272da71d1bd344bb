// Where the tests find their fixtures (tests/data) and the shared data sets (../shared/data).
#pragma once

#include <string>

namespace tint::test {

inline std::string fixture(const std::string& name) {
  return std::string(TINT_TEST_DATA_DIR) + "/" + name;
}
inline std::string data_set(const std::string& path) {
  return std::string(TINT_DATA_DIR) + "/" + path;
}

}  // namespace tint::test
