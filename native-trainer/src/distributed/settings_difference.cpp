#include "distributed/settings_difference.hpp"

namespace tint::trainer {
namespace {

std::string shown(const Json* value) { return value == nullptr ? "(none)" : dump_json(*value); }

std::string joined(const std::string& path, const std::string& step) {
  return path.empty() ? step : path + (step.front() == '[' ? "" : ".") + step;
}

// Whether the two differ; if so, `found` names the first difference's path and both values.
bool first_difference(const Json* ours, const Json* theirs, const std::string& path,
                      const std::string& us, std::string& found) {
  if (ours != nullptr && theirs != nullptr && *ours == *theirs) return false;
  if (ours != nullptr && theirs != nullptr && ours->is_object() && theirs->is_object()) {
    for (const auto& [key, value] : ours->items()) {
      const auto other = theirs->find(key);
      if (first_difference(&value, other == theirs->end() ? nullptr : &*other, joined(path, key),
                           us, found))
        return true;
    }
    for (const auto& [key, value] : theirs->items())
      if (!ours->contains(key) && first_difference(nullptr, &value, joined(path, key), us, found))
        return true;
  }
  if (ours != nullptr && theirs != nullptr && ours->is_array() && theirs->is_array() &&
      ours->size() == theirs->size()) {
    for (std::size_t i = 0; i < ours->size(); ++i)
      if (first_difference(&(*ours)[i], &(*theirs)[i], joined(path, "[" + std::to_string(i) + "]"),
                           us, found))
        return true;
  }
  found = (path.empty() ? std::string("the settings") : path) + ": " + shown(ours) + " on " + us +
          ", " + shown(theirs);
  return true;
}

}  // namespace

std::string settings_difference(const Json& ours, const Json& theirs, const std::string& us,
                                const std::string& them) {
  std::string found;
  if (!first_difference(&ours, &theirs, "", us, found)) return "";
  return found + " on " + them;
}

}  // namespace tint::trainer
