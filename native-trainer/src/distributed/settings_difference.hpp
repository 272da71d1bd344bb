// What differs between two processes' settings, named for the user: every rank of a data-parallel
// run must train the same model on the same data, so a difference is refused at the start.
#pragma once

#include <string>

#include "tint/json.hpp"

namespace tint::trainer {

// "" when `ours` equals `theirs`; else the first difference in document order, as
// "<path>: <our value> on <us>, <their value> on <them>" (e.g. "settings.learning_rate: 0.002
// on rank 1, 0.001 on rank 0"; a member one side lacks reads "(none)").
std::string settings_difference(const Json& ours, const Json& theirs, const std::string& us,
                                const std::string& them);

}  // namespace tint::trainer
