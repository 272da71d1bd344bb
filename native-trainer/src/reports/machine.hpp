// A one-line description of the machine a model was trained on, for its model card.
#pragma once

#include <string>

namespace tint::trainer {

// E.g. "NVIDIA H100 80GB HBM3; AMD EPYC 7B13, 16 CPU threads" (the GPU only when `cuda`). Reads
// /proc on Linux; parts it cannot find are left out.
std::string describe_machine(bool cuda);

// The current UTC time as ISO 8601, e.g. "2026-11-24T21:30:00Z".
std::string utc_now_iso8601();

}  // namespace tint::trainer
