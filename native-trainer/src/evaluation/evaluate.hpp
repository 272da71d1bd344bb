// Test-split metrics of a trained model next to the gray baseline (a = b = 0) computed in the same
// run, all with the shared core: PSNR (pooled and mean), ab AuC (plain and rebalanced),
// colourfulness, and for palette models the per-pixel palette accuracy.
#pragma once

#include <map>
#include <string>

#include "data/image_set.hpp"
#include "reports/run_report.hpp"
#include "tint/json.hpp"
#include "tint/reference_hints.hpp"
#include "training/checkpoint.hpp"

namespace tint::trainer {

struct Evaluation {
  std::size_t images = 0;
  std::map<std::string, double> model;     // metric name -> value
  std::map<std::string, double> baseline;  // the same for the gray baseline
};

Evaluation evaluate(LoadedModel& model, const ImageSet& test, float temperature);

// Full-size photos, each turned gray and colorized through the path `tint colorize` and the
// browser app take (the shared core around the network, at the card's working side), next to the
// gray baseline, with 0 or more hints simulated from the truth (tint/hints.hpp), and with hints
// from a reference photo (tint/reference_hints.hpp): the photo's own colour version mirrored and
// cropped ("own"), or another photo of the folder ("unrelated").
struct PhotoEvaluationOptions {
  std::vector<int> simulated_hints = {0};    // one result per count; counts > 0 need a hint model
  std::vector<std::string> reference_modes;  // "own", "unrelated"; they need a hint model
  float reference_strength = kDefaultReferenceStrength;
  int max_side = 0;  // 0: the card's working side
  float temperature = 0.38f;
  std::uint64_t seed = 0;  // where the simulated hints fall, where the own reference is cropped
};
// The reference modes reference_modes takes.
constexpr const char* kReferenceModes[] = {"own", "unrelated"};
struct PhotoEvaluation {
  std::string photos;  // "<folder> (N images)"
  std::size_t images = 0;
  std::vector<std::string> skipped;                    // "<path>: <reason>" for files left out
  std::map<std::string, double> baseline;              // metric name -> value for the gray baseline
  std::map<int, std::map<std::string, double>> model;  // hint count -> metric name -> value
  // Reference mode -> metric name -> value, and the mean number of hints a photo got.
  std::map<std::string, std::map<std::string, double>> with_reference;
  std::map<std::string, double> reference_hints;
  std::map<std::string, double> truth;  // the truth's own colourfulness
  // The contact sheet's thumbnails: gray / truth / the result at each hint count, or with
  // reference modes gray / reference / automatic / with the reference (the first mode).
  std::vector<std::string> sheet_columns;
  std::vector<std::vector<Image8>> sheet;
};
PhotoEvaluation evaluate_photos(LoadedModel& model, const std::string& folder,
                                const PhotoEvaluationOptions& options);
// A markdown table: each metric for the gray baseline and the model at every hint count.
std::string photo_evaluation_table(const PhotoEvaluation& evaluation);
Json to_json(const PhotoEvaluation& evaluation);

// A markdown table of the metrics, model next to baseline.
std::string evaluation_table(const Evaluation& evaluation);

}  // namespace tint::trainer
