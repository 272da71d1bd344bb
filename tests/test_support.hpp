// Helpers shared by the test suites: fixture and data paths, and catching a core error's message.
#pragma once

#include <functional>
#include <string>

#include "tint/error.hpp"

namespace tint::test {

// tests/data holds small fixtures; TINT_DATA_DIR is the shared data folder (../shared/data).
inline std::string fixture(const std::string& name) {
  return std::string(TINT_TEST_DATA_DIR) + "/" + name;
}
inline std::string data_set(const std::string& path) {
  return std::string(TINT_DATA_DIR) + "/" + path;
}

// The message of the tint::Error that `action` throws, or "no error".
inline std::string error_of(const std::function<void()>& action) {
  try {
    action();
  } catch (const Error& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace tint::test
