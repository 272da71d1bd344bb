#include "evaluation/evaluate.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <utility>

#include "data/photo_folders.hpp"
#include "evaluation/inference.hpp"
#include "tint/ab_bins.hpp"
#include "tint/color_space.hpp"
#include "tint/error.hpp"
#include "tint/image_io.hpp"
#include "tint/metrics.hpp"
#include "tint/palette.hpp"
#include "tint/prediction.hpp"
#include "tint/random.hpp"
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

// The photo's own colour version as a reference that is not the photo itself: mirrored, and cropped
// to 80 % of each side at a seeded place.
Image8 own_reference(const Image8& truth, std::uint64_t seed) {
  const int width = std::max(1, truth.width() * 4 / 5),
            height = std::max(1, truth.height() * 4 / 5);
  Random random(seed);
  const int left = int(random.below(std::uint64_t(truth.width() - width + 1)));
  const int top = int(random.below(std::uint64_t(truth.height() - height + 1)));
  Image8 reference(width, height, 3);
  for (int y = 0; y < height; ++y)
    for (int x = 0; x < width; ++x)
      std::copy_n(truth.pixel(left + width - 1 - x, top + y), 3, reference.pixel(x, y));
  return reference;
}

// Another photo of the folder, half the folder away (the next readable colour one from there).
std::pair<Image8, std::string> unrelated_reference(const std::vector<std::string>& files,
                                                   std::size_t photo) {
  for (std::size_t step = 0; step + 1 < files.size(); ++step) {
    const std::size_t other = (photo + files.size() / 2 + step) % files.size();
    if (other == photo) continue;
    try {
      Image8 image = read_image(files[other]);
      if (!is_gray(image)) return {std::move(image), files[other]};
    } catch (const Error&) {
    }
  }
  fail("--reference-mode unrelated", "the folder has no second colour photo to use");
}

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
  for (const std::string& mode : options.reference_modes) {
    if (std::find(std::begin(kReferenceModes), std::end(kReferenceModes), mode) ==
        std::end(kReferenceModes))
      fail("--reference-mode", "unknown mode '" + mode + "' (own, unrelated)");
    if (!card.takes_hints) fail("--reference-mode", "the model '" + card.name + "' takes no hints");
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
  std::map<std::string, Scores> with_reference;
  std::map<std::string, double> worst_change;  // the lowest PSNR change a reference made
  for (const std::string& mode : options.reference_modes) {
    with_reference.emplace(mode, inverse_prior);
    worst_change[mode] = std::numeric_limits<double>::infinity();
    evaluation.reference_hints[mode] = 0.0;
  }
  const bool by_reference = !options.reference_modes.empty();
  evaluation.sheet_columns = {"gray", "truth"};
  if (by_reference) evaluation.sheet_columns = {"gray", "reference", "automatic", "with reference"};
  for (const int count : by_reference ? std::vector<int>{} : options.simulated_hints)
    evaluation.sheet_columns.push_back(count == 0   ? "automatic"
                                       : count == 1 ? "1 hint"
                                                    : std::to_string(count) + " hints");
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
    std::vector<Image8> results;  // one per hint count
    Image8 automatic;
    for (const int count : options.simulated_hints) {
      ColorizeOptions colorize{side, options.temperature, {}};
      colorize.hints = simulate_hints(truth, std::size_t(count), options.seed ^ (i * 7919 + 1),
                                      size.width, size.height);
      Image8 result = colorize_image(*model.network, card, gray_input, colorize);
      predicted.at(count).add(truth, truth_ab, result);
      if (count == 0) automatic = result;
      results.push_back(std::move(result));
    }
    Image8 first_reference, first_with_reference;
    if (by_reference) {
      if (automatic.pixel_count() == 0)
        automatic =
            colorize_image(*model.network, card, gray_input, {side, options.temperature, {}});
      const double automatic_psnr = psnr(automatic, truth);
      const ImageF photo_lightness = lightness(gray_input);
      for (const std::string& mode : options.reference_modes) {
        const auto [reference, name] =
            mode == "own" ? std::pair<Image8, std::string>{own_reference(truth, options.seed ^ i),
                                                           file + " (mirrored, cropped)"}
                          : unrelated_reference(index.files, i);
        ColorizeOptions colorize{side, options.temperature, {}};
        colorize.hints =
            reference_hints(photo_lightness, reference, name, options.reference_strength);
        evaluation.reference_hints[mode] += double(colorize.hints.size());
        Image8 result = colorize_image(*model.network, card, gray_input, colorize);
        with_reference.at(mode).add(truth, truth_ab, result);
        worst_change[mode] = std::min(worst_change[mode], psnr(result, truth) - automatic_psnr);
        if (first_reference.pixel_count() == 0) {
          first_reference = reference;
          first_with_reference = std::move(result);
        }
      }
    }
    ++evaluation.images;
    if (evaluation.sheet.size() < kSheetRows) {
      const auto thumbnail = [&](const Image8& image) {
        const double scale =
            std::min(1.0, double(kThumbnailSide) / std::max(image.width(), image.height()));
        return resize(image, std::max(1, int(std::lround(image.width() * scale))),
                      std::max(1, int(std::lround(image.height() * scale))));
      };
      std::vector<Image8> row{thumbnail(gray_input), thumbnail(truth)};
      if (by_reference)
        row = {thumbnail(gray_input), thumbnail(first_reference), thumbnail(automatic),
               thumbnail(first_with_reference)};
      else
        for (const Image8& result : results) row.push_back(thumbnail(result));
      evaluation.sheet.push_back(std::move(row));
    }
  }
  if (evaluation.images == 0)
    fail(folder, "no colour photo could be read (" + std::to_string(evaluation.skipped.size()) +
                     " file(s) left out)");
  evaluation.photos = with_image_count(folder, evaluation.images);
  evaluation.baseline = gray.finish(evaluation.images, false);
  for (const auto& [count, scores] : predicted)
    evaluation.model[count] = scores.finish(evaluation.images, false);
  for (const auto& [mode, scores] : with_reference) {
    evaluation.with_reference[mode] = scores.finish(evaluation.images, false);
    evaluation.with_reference[mode]["psnr_change_worst"] = worst_change[mode];
    evaluation.reference_hints[mode] /= double(evaluation.images);
  }
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
  for (const auto& entry : evaluation.with_reference) {
    table += " model, " + entry.first + " reference |";
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
    for (const auto& entry : evaluation.with_reference) {
      std::snprintf(cell, sizeof cell, " %.4f |", entry.second.at(name));
      table += cell;
    }
    table += "\n";
  }
  char line[160];
  std::snprintf(line, sizeof line, "\ntruth colourfulness: %.4f\n",
                evaluation.truth.at("colourfulness"));
  table += line;
  for (const auto& [mode, metrics] : evaluation.with_reference) {
    std::snprintf(line, sizeof line,
                  "%s reference: %.1f hints a photo; the worst photo's PSNR change against the "
                  "automatic colouring %+.2f dB\n",
                  mode.c_str(), evaluation.reference_hints.at(mode),
                  metrics.at("psnr_change_worst"));
    table += line;
  }
  return table;
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
  for (const auto& [mode, metrics] : evaluation.with_reference) {
    for (const auto& [name, value] : metrics) json["model_with_reference"][mode][name] = value;
    json["model_with_reference"][mode]["hints_per_photo"] = evaluation.reference_hints.at(mode);
  }
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
