#include "evaluate.hpp"

#include <cstdio>

#include "inference.hpp"
#include "tint/ab_bins.hpp"
#include "tint/color_space.hpp"
#include "tint/metrics.hpp"
#include "tint/palette.hpp"
#include "tint/prediction.hpp"

namespace tint::trainer {
namespace {

// Metrics of one method (model or baseline) accumulated over the test images.
struct Scores {
  PsnrAccumulator psnr;
  AucAccumulator auc;
  AucAccumulator auc_rebalanced;
  double colourfulness = 0.0;
  double palette_accuracy = 0.0;

  explicit Scores(const std::vector<float>& inverse_prior) : auc_rebalanced(inverse_prior) {}

  void add(const Image8& truth, const ImageF& truth_ab, const Image8& result) {
    psnr.add(result, truth);
    const ImageF ab = take_channels(rgb8_to_lab(result), 1, 2);
    auc.add(ab, truth_ab);
    auc_rebalanced.add(ab, truth_ab);
    colourfulness += tint::colourfulness(result);
  }

  std::map<std::string, double> finish(std::size_t count, bool palette) const {
    std::map<std::string, double> metrics = {{"psnr", psnr.pooled_psnr()},
                                             {"psnr_mean", psnr.mean_psnr()},
                                             {"auc", auc.auc()},
                                             {"auc_rebalanced", auc_rebalanced.auc()},
                                             {"colourfulness", colourfulness / double(count)}};
    if (palette) metrics["palette_accuracy"] = palette_accuracy / double(count);
    return metrics;
  }
};

}  // namespace

Evaluation evaluate(LoadedModel& model, const ImageSet& test, float temperature) {
  if (test.size() == 0) fail("eval", "the test split is empty");
  const ModelCard card = model_card_of(model.state, model.network->spec());
  // Zhang et al.'s rebalanced AuC weighs pixels by the inverse prior of the test set itself.
  AbPriorAccumulator prior;
  for (const Image8& image : test.images) prior.add(rgb8_to_lab(image));
  const std::vector<float> inverse_prior = rebalancing_weights(prior.prior(), 0.0);
  Scores predicted(inverse_prior), gray(inverse_prior);
  const bool palette = card.mode == ModelMode::kPalette;
  Palette card_palette;
  card_palette.colors = card.palette;
  for (const Image8& truth : test.images) {
    const ImageF truth_ab = take_channels(rgb8_to_lab(truth), 1, 2);
    const RawPrediction raw = predict_raw(*model.network, card, truth);
    const NetworkOutput output{raw.values.data(), raw.channels, raw.width, raw.height};
    predicted.add(truth, truth_ab, colorize_output(lightness(truth), output, card, temperature));
    const Image8 baseline = to_gray(truth);
    gray.add(truth, truth_ab, baseline);
    if (palette && raw.width == truth.width() && raw.height == truth.height()) {
      const Image8 truth_classes = map_to_palette(truth, card_palette, 1);
      predicted.palette_accuracy +=
          palette_accuracy(predicted_classes(output, card), truth_classes);
      gray.palette_accuracy +=
          palette_accuracy(map_to_palette(baseline, card_palette, 1), truth_classes);
    }
  }
  return {test.size(), predicted.finish(test.size(), palette), gray.finish(test.size(), palette)};
}

std::string evaluation_table(const Evaluation& evaluation) {
  std::string table = "| metric | model | gray baseline |\n|---|---|---|\n";
  for (const auto& [name, value] : evaluation.model) {
    char row[160];
    std::snprintf(row, sizeof row, "| %s | %.4f | %.4f |\n", name.c_str(), value,
                  evaluation.baseline.at(name));
    table += row;
  }
  return table;
}

}  // namespace tint::trainer
