// The model card: what a colorization model predicts and how to run it (input and output
// normalisation, palette or bin centres, temperature), how it was trained and how well it scores.
// It is JSON, stored in the ONNX file's metadata_props under kModelCardKey, so that a model file
// describes itself to the browser app and the command line tools.
//
// JSON form (to_json writes every field; model_card_from_json requires format_version, name,
// mode, input_size, input and output, and takes defaults for the rest):
//   {"format_version": 1, "name": "cifar-ab", "description": "...", "mode": "ab",
//    "input_size": 32, "input_multiple": 1, "working_side": 0,
//    "input": {"l_scale": 100, "l_offset": 0, "hints": false},
//    "output": {"ab_scale": 128},
//    "palette": [[r, g, b], ...],          (palette mode only)
//    "bin_centres": [[a, b], ...],         (bins313 mode only)
//    "temperature": 0.38, "output_is_logits": true, "parameters": 123456,
//    "training": {"preset": "...", "data": "...", "epochs": 30, "command": "...",
//                 "machine": "...", "duration_seconds": 812.5, "terms": "..."},
//    "metrics": {"psnr": 24.1}, "baseline_metrics": {"psnr": 22.9},
//    "created": "2024-05-01T12:00:00Z", "producer": "tint 0.1.0"}
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "tint/color_space.hpp"
#include "tint/json.hpp"

namespace tint {

// What the network outputs per pixel:
//   kPalette: scores over the card's palette colours;  kAb: the ab channels (times ab_scale);
//   kRgb: sRGB in 0..1;  kBins313: scores over quantised ab bins (the card's bin_centres).
enum class ModelMode { kPalette, kAb, kRgb, kBins313 };
// "palette", "ab", "rgb" or "bins313".
std::string to_string(ModelMode mode);
// Throws "<where>: unknown mode 'foo' (expected palette, ab, rgb or bins313)".
ModelMode model_mode_from_string(const std::string& name, const std::string& where);

// The metadata_props key of the card in an ONNX file.
constexpr const char* kModelCardKey = "tint.model_card";
constexpr int kModelCardFormatVersion = 1;

struct ModelTraining {
  std::string preset;  // the trainer preset, e.g. "cifar10-ab"
  std::string data;    // the training data set
  int epochs = 0;
  std::string command;  // the command line that trained the model
  std::string machine;  // e.g. "NVIDIA H100, 16 CPU cores"
  double duration_seconds = 0.0;
  // The terms the training data carries, e.g. ImageNet's non-commercial research terms; empty
  // when the data states none. Shown wherever the model is offered.
  std::string terms;
};

struct ModelCard {
  int format_version = kModelCardFormatVersion;
  std::string name;  // required, not empty
  std::string description;
  ModelMode mode = ModelMode::kAb;
  int input_size = 0;      // 0: any size (fully convolutional); else the square side in pixels
  int input_multiple = 1;  // any-size models: input sides must be multiples of this
  // Any-size models: the longer side they were made to run at (0: the caller's default). The
  // command line and the browser app both run at it unless told otherwise.
  int working_side = 0;
  // Input normalisation: network input = (L - l_offset) / l_scale, L in 0..100.
  float l_scale = 100.0f;
  float l_offset = 0.0f;
  // Whether the input also takes user hints (Zhang et al. 2017): channels L, hint a, hint b and a
  // hint mask (tint/hints.hpp); no hints means automatic colorization.
  bool takes_hints = false;
  // Output normalisation (ab mode): ab = output * ab_scale.
  float ab_scale = 128.0f;
  std::vector<Rgb8> palette;                      // palette mode: 2..256 sRGB8 colours
  std::vector<std::array<float, 2>> bin_centres;  // bins313 mode: ab centre per bin
  float temperature = 0.38f;     // annealed-mean temperature for palette / bins313 decoding
  bool output_is_logits = true;  // palette / bins313 heads: logits (true) or probabilities
  std::int64_t parameters = 0;   // trainable parameter count
  ModelTraining training;
  std::map<std::string, double> metrics;           // e.g. psnr, auc on the validation set
  std::map<std::string, double> baseline_metrics;  // the same for the gray baseline
  std::string created;                             // ISO 8601 time of export
  std::string producer;                            // "tint <version>"
  // The checksum of the ONNX file's weights (onnx_wire.hpp's initializers_checksum), checked when
  // the file is read; empty in files written before checksums (they cannot be checked).
  std::string weights_checksum;
};

bool operator==(const ModelTraining& a, const ModelTraining& b);
bool operator==(const ModelCard& a, const ModelCard& b);
inline bool operator!=(const ModelCard& a, const ModelCard& b) { return !(a == b); }

// Throws on any invalid field, naming it under `where` (e.g. "card.temperature: must be > 0,
// got 0"): format_version 1, a name, input_size >= 0, positive finite scales and temperature,
// 2..256 palette colours in palette mode (none otherwise), 2..1024 ab bin centres within
// -128..128 in bins313 mode (none otherwise), non-negative counts and durations, finite metrics.
void validate_model_card(const ModelCard& card, const std::string& where = "card");

// JSON form of a card; validates it first.
Json to_json(const ModelCard& card);
// Reads and validates a card; errors name the field under `where`, e.g.
// "card.mode: unknown mode 'foo' (expected palette, ab, rgb or bins313)". Unknown fields are
// errors too (they are most likely typos).
ModelCard model_card_from_json(const Json& json, const std::string& where);

// Pretty JSON text of a card.
std::string model_card_to_string(const ModelCard& card);
// Parses JSON text; errors read "<where>: line L, column C: ..." for the JSON and
// "<where>: card.<field>: ..." for the fields.
ModelCard parse_model_card(const std::string& json_text, const std::string& where);

// The ONNX metadata_props entry {kModelCardKey, compact JSON} the exporter stores.
std::pair<std::string, std::string> model_card_metadata_entry(const ModelCard& card);
// The card of an ONNX file; throws "<name>: no tint model card in the ONNX metadata; export the
// model with the tint trainer" when the key is absent, and on a malformed file or card.
ModelCard read_model_card_from_onnx(const std::uint8_t* bytes, std::size_t size,
                                    const std::string& name);

}  // namespace tint
