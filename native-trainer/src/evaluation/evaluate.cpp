#include "evaluation/evaluate.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "data/photo_folders.hpp"
#include "evaluation/inference.hpp"
#include "tint/ab_bins.hpp"
#include "tint/color_space.hpp"
#include "tint/error.hpp"
#include "tint/image_io.hpp"
#include "tint/metrics.hpp"
#include "tint/palette.hpp"
#include "tint/prediction.hpp"
#include "tint/resample.hpp"

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

PhotoEvaluation evaluate_photos(LoadedModel& model, const std::string& folder,
                                const PhotoEvaluationOptions& options) {
  const ModelCard card = model_card_of(model.state, model.network->spec());
  if (options.simulated_hints.empty()) fail("--simulated-hints", "no hint count given");
  for (const int count : options.simulated_hints) {
    if (count < 0 || std::size_t(count) > kMaxHints)
      fail("--simulated-hints",
           "hint count " + std::to_string(count) + " is outside 0.." + std::to_string(kMaxHints));
    if (count > 0 && !card.takes_hints)
      fail("--simulated-hints", "the model '" + card.name + "' takes no hints; use 0");
  }
  const PhotoIndex index = index_photo_folders({folder});
  PhotoEvaluation evaluation;
  const auto read = [&](const std::string& file, Image8& photo) {
    try {
      photo = read_image(file);
    } catch (const Error& e) {
      return false;
    }
    return !is_gray(photo);
  };
  // Zhang et al.'s rebalanced AuC weighs pixels by the inverse prior of the photos themselves: a
  // first pass gathers it, so that no more than one photo is held at a time.
  AbPriorAccumulator prior;
  for (const std::string& file : index.files) {
    Image8 photo;
    if (read(file, photo)) prior.add(rgb8_to_lab(photo));
  }
  const std::vector<float> inverse_prior = rebalancing_weights(prior.prior(), 0.0);
  Scores gray(inverse_prior);
  std::map<int, Scores> predicted;
  for (const int count : options.simulated_hints) predicted.emplace(count, inverse_prior);
  double truth_colourfulness = 0.0;
  const int side = options.max_side > 0 ? options.max_side : default_working_side(card);
  constexpr int kThumbnailSide = 256;
  constexpr std::size_t kSheetRows = 24;
  for (std::size_t i = 0; i < index.files.size(); ++i) {
    const std::string& file = index.files[i];
    Image8 truth;
    try {
      truth = read_image(file);
    } catch (const Error& e) {
      evaluation.skipped.push_back(e.what());
      continue;
    }
    if (is_gray(truth)) {
      evaluation.skipped.push_back(file + ": no colour (R = G = B everywhere)");
      continue;
    }
    const ImageF truth_ab = take_channels(rgb8_to_lab(truth), 1, 2);
    const Image8 gray_input = to_gray(truth);
    gray.add(truth, truth_ab, gray_input);
    truth_colourfulness += colourfulness(truth);
    const InputSize size = model_input_size(card, truth.width(), truth.height(), side);
    Image8 first_result;
    for (const int count : options.simulated_hints) {
      ColorizeOptions colorize{side, options.temperature, {}};
      colorize.hints = simulate_hints(truth, std::size_t(count), options.seed ^ (i * 7919 + 1),
                                      size.width, size.height);
      Image8 result = colorize_image(*model.network, card, gray_input, colorize);
      predicted.at(count).add(truth, truth_ab, result);
      if (first_result.pixel_count() == 0) first_result = std::move(result);
    }
    ++evaluation.images;
    if (evaluation.examples.gray.size() < kSheetRows) {
      const double scale =
          std::min(1.0, double(kThumbnailSide) / std::max(truth.width(), truth.height()));
      const int w = std::max(1, int(std::lround(truth.width() * scale)));
      const int h = std::max(1, int(std::lround(truth.height() * scale)));
      evaluation.examples.gray.push_back(resize(gray_input, w, h));
      evaluation.examples.truth.push_back(resize(truth, w, h));
      evaluation.examples.predicted.push_back(resize(first_result, w, h));
    }
  }
  if (evaluation.images == 0)
    fail(folder, "no colour photo could be read (" + std::to_string(evaluation.skipped.size()) +
                     " file(s) left out)");
  evaluation.photos = with_image_count(folder, evaluation.images);
  evaluation.baseline = gray.finish(evaluation.images, false);
  for (const auto& [count, scores] : predicted)
    evaluation.model[count] = scores.finish(evaluation.images, false);
  evaluation.truth["colourfulness"] = truth_colourfulness / double(evaluation.images);
  return evaluation;
}

std::string photo_evaluation_table(const PhotoEvaluation& evaluation) {
  std::string table = "| metric | gray baseline |";
  std::string rule = "|---|---|";
  for (const auto& entry : evaluation.model) {
    table += " model, " + std::to_string(entry.first) + (entry.first == 1 ? " hint |" : " hints |");
    rule += "---|";
  }
  table += "\n" + rule + "\n";
  for (const auto& [name, value] : evaluation.baseline) {
    char cell[64];
    std::snprintf(cell, sizeof cell, "| %s | %.4f |", name.c_str(), value);
    table += cell;
    for (const auto& entry : evaluation.model) {
      std::snprintf(cell, sizeof cell, " %.4f |", entry.second.at(name));
      table += cell;
    }
    table += "\n";
  }
  char truth[96];
  std::snprintf(truth, sizeof truth, "\ntruth colourfulness: %.4f\n",
                evaluation.truth.at("colourfulness"));
  return table + truth;
}

Json to_json(const PhotoEvaluation& evaluation) {
  Json json = Json::object();
  json["photos"] = evaluation.photos;
  json["images"] = static_cast<unsigned long long>(evaluation.images);
  Json skipped = Json::array();
  for (const std::string& line : evaluation.skipped) skipped.push_back(line);
  json["skipped"] = std::move(skipped);
  for (const auto& [name, value] : evaluation.baseline) json["baseline"][name] = value;
  for (const auto& [count, metrics] : evaluation.model)
    for (const auto& [name, value] : metrics)
      json["model_with_hints"][std::to_string(count)][name] = value;
  for (const auto& [name, value] : evaluation.truth) json["truth"][name] = value;
  return json;
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
