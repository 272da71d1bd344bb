// Test-split metrics of a trained model next to the gray baseline (a = b = 0) computed in the same
// run, all with the shared core: PSNR (pooled and mean), ab AuC (plain and rebalanced),
// colourfulness, and for palette models the per-pixel palette accuracy.
#pragma once

#include <map>
#include <string>

#include "checkpoint.hpp"
#include "image_set.hpp"

namespace tint::trainer {

struct Evaluation {
  std::size_t images = 0;
  std::map<std::string, double> model;     // metric name -> value
  std::map<std::string, double> baseline;  // the same for the gray baseline
};

Evaluation evaluate(LoadedModel& model, const ImageSet& test, float temperature);

// A markdown table of the metrics, model next to baseline.
std::string evaluation_table(const Evaluation& evaluation);

}  // namespace tint::trainer
