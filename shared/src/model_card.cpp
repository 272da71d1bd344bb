#include "tint/model_card.hpp"

#include <algorithm>
#include <cmath>
#include <initializer_list>

#include "tint/onnx_wire.hpp"

namespace tint {
namespace {

constexpr int kMaxInputSize = 16384;
constexpr std::size_t kMinPaletteColors = 2;
constexpr std::size_t kMaxPaletteColors = 256;
constexpr std::size_t kMinBins = 2;
constexpr std::size_t kMaxBins = 1024;
constexpr float kAbLimit = 128.0f;

void require_positive(float value, const std::string& where) {
  if (!(std::isfinite(value) && value > 0.0f))
    fail(where, "must be a positive number, got " + number_text(value));
}

void require_finite(double value, const std::string& where) {
  if (!std::isfinite(value)) fail(where, "must be a finite number, got " + number_text(value));
}

void require_non_negative(double value, const std::string& where) {
  if (!(std::isfinite(value) && value >= 0.0))
    fail(where, "must be >= 0, got " + number_text(value));
}

void validate_metrics(const std::map<std::string, double>& metrics, const std::string& where) {
  for (const auto& [name, value] : metrics) {
    if (name.empty()) fail(where, "empty metric name");
    require_finite(value, where + "." + name);
  }
}

// Throws on a member whose key is not in `known`.
void check_known_fields(const Json& object, const std::string& where,
                        std::initializer_list<const char*> known) {
  for (const JsonMember& member : json_object(object, where)) {
    const bool found = std::any_of(known.begin(), known.end(),
                                   [&](const char* key) { return member.first == key; });
    if (!found) fail(where, "unknown field '" + member.first + "'");
  }
}

float read_float(const Json& value, const std::string& where) {
  return static_cast<float>(json_number(value, where));
}

std::map<std::string, double> read_metrics(const Json& object, const std::string& where) {
  std::map<std::string, double> metrics;
  for (const JsonMember& member : json_object(object, where))
    metrics[member.first] = json_number(member.second, where + "." + member.first);
  return metrics;
}

Json metrics_json(const std::map<std::string, double>& metrics) {
  Json object = Json::object();
  for (const auto& [name, value] : metrics) object[name] = value;
  return object;
}

ModelTraining read_training(const Json& json, const std::string& where) {
  check_known_fields(
      json, where, {"preset", "data", "epochs", "command", "machine", "duration_seconds", "terms"});
  ModelTraining training;
  const auto string_field = [&](const char* key, std::string& out) {
    if (const Json* value = json_find(json, key)) out = json_string(*value, where + "." + key);
  };
  string_field("preset", training.preset);
  string_field("data", training.data);
  string_field("command", training.command);
  string_field("machine", training.machine);
  string_field("terms", training.terms);
  if (const Json* value = json_find(json, "epochs"))
    training.epochs = json_int(*value, where + ".epochs");
  if (const Json* value = json_find(json, "duration_seconds"))
    training.duration_seconds = json_number(*value, where + ".duration_seconds");
  return training;
}

}  // namespace

std::string to_string(ModelMode mode) {
  switch (mode) {
    case ModelMode::kPalette:
      return "palette";
    case ModelMode::kAb:
      return "ab";
    case ModelMode::kRgb:
      return "rgb";
    case ModelMode::kBins313:
      return "bins313";
  }
  return "unknown";
}

ModelMode model_mode_from_string(const std::string& name, const std::string& where) {
  for (ModelMode mode : {ModelMode::kPalette, ModelMode::kAb, ModelMode::kRgb, ModelMode::kBins313})
    if (name == to_string(mode)) return mode;
  fail(where, "unknown mode '" + name + "' (expected palette, ab, rgb or bins313)");
}

bool operator==(const ModelTraining& a, const ModelTraining& b) {
  return a.preset == b.preset && a.data == b.data && a.epochs == b.epochs &&
         a.command == b.command && a.machine == b.machine &&
         a.duration_seconds == b.duration_seconds && a.terms == b.terms;
}

bool operator==(const ModelCard& a, const ModelCard& b) {
  return a.format_version == b.format_version && a.name == b.name &&
         a.description == b.description && a.mode == b.mode && a.input_size == b.input_size &&
         a.input_multiple == b.input_multiple && a.working_side == b.working_side &&
         a.l_scale == b.l_scale && a.l_offset == b.l_offset && a.takes_hints == b.takes_hints &&
         a.ab_scale == b.ab_scale && a.palette == b.palette && a.bin_centres == b.bin_centres &&
         a.temperature == b.temperature && a.output_is_logits == b.output_is_logits &&
         a.parameters == b.parameters && a.training == b.training && a.metrics == b.metrics &&
         a.baseline_metrics == b.baseline_metrics && a.created == b.created &&
         a.producer == b.producer && a.weights_checksum == b.weights_checksum;
}

void validate_model_card(const ModelCard& card, const std::string& where) {
  const auto field = [&](const std::string& name) { return where + "." + name; };
  if (card.format_version != kModelCardFormatVersion)
    fail(field("format_version"), "unsupported version " + std::to_string(card.format_version) +
                                      " (this build reads version " +
                                      std::to_string(kModelCardFormatVersion) + ")");
  if (card.name.empty()) fail(field("name"), "must not be empty");
  if (card.input_size < 0 || card.input_size > kMaxInputSize)
    fail(field("input_size"), "must be 0 (any size) or a side of 1.." +
                                  std::to_string(kMaxInputSize) + " pixels, got " +
                                  std::to_string(card.input_size));
  if (card.input_multiple < 1 || card.input_multiple > 256 ||
      (card.input_size > 0 && card.input_size % card.input_multiple != 0))
    fail(field("input_multiple"),
         "must be 1..256 and divide input_size, got " + std::to_string(card.input_multiple));
  if (card.working_side < 0 || card.working_side > kMaxInputSize ||
      (card.working_side > 0 && (card.input_size > 0 || card.working_side < card.input_multiple)))
    fail(field("working_side"),
         "must be 0 (the caller's default) or, for an any-size model, a side of " +
             std::to_string(card.input_multiple) + ".." + std::to_string(kMaxInputSize) +
             " pixels, got " + std::to_string(card.working_side));
  require_positive(card.l_scale, field("input.l_scale"));
  require_finite(static_cast<double>(card.l_offset), field("input.l_offset"));
  require_positive(card.ab_scale, field("output.ab_scale"));
  require_positive(card.temperature, field("temperature"));

  const std::string mode = to_string(card.mode);
  if (card.mode == ModelMode::kPalette) {
    if (card.palette.size() < kMinPaletteColors || card.palette.size() > kMaxPaletteColors)
      fail(field("palette"), "palette mode needs " + std::to_string(kMinPaletteColors) + ".." +
                                 std::to_string(kMaxPaletteColors) + " colours, got " +
                                 std::to_string(card.palette.size()));
  } else if (!card.palette.empty()) {
    fail(field("palette"), "only palette mode has a palette (the mode is " + mode + ")");
  }
  if (card.mode == ModelMode::kBins313) {
    if (card.bin_centres.size() < kMinBins || card.bin_centres.size() > kMaxBins)
      fail(field("bin_centres"),
           "bins313 mode needs " + std::to_string(kMinBins) + ".." + std::to_string(kMaxBins) +
               " ab bin centres (usually 313), got " + std::to_string(card.bin_centres.size()));
    for (std::size_t i = 0; i < card.bin_centres.size(); ++i) {
      const std::array<float, 2>& centre = card.bin_centres[i];
      for (float value : centre)
        if (!(std::isfinite(value) && std::fabs(value) <= kAbLimit))
          fail(field("bin_centres[" + std::to_string(i) + "]"), "ab (" + number_text(centre[0]) +
                                                                    ", " + number_text(centre[1]) +
                                                                    ") is outside -128..128");
    }
  } else if (!card.bin_centres.empty()) {
    fail(field("bin_centres"), "only bins313 mode has bin centres (the mode is " + mode + ")");
  }

  if (card.parameters < 0)
    fail(field("parameters"), "must be >= 0, got " + std::to_string(card.parameters));
  if (card.training.epochs < 0)
    fail(field("training.epochs"), "must be >= 0, got " + std::to_string(card.training.epochs));
  require_non_negative(card.training.duration_seconds, field("training.duration_seconds"));
  validate_metrics(card.metrics, field("metrics"));
  validate_metrics(card.baseline_metrics, field("baseline_metrics"));
}

Json to_json(const ModelCard& card) {
  validate_model_card(card, "card");
  Json json = Json::object();
  json["format_version"] = card.format_version;
  json["name"] = card.name;
  json["description"] = card.description;
  json["mode"] = to_string(card.mode);
  json["input_size"] = card.input_size;
  json["input_multiple"] = card.input_multiple;
  json["working_side"] = card.working_side;
  Json& input = json["input"];
  input["l_scale"] = card.l_scale;
  input["l_offset"] = card.l_offset;
  input["hints"] = card.takes_hints;
  json["output"]["ab_scale"] = card.ab_scale;
  if (!card.palette.empty()) {
    Json& palette = json["palette"] = Json::array();
    for (const Rgb8& color : card.palette) {
      Json rgb = Json::array();
      for (std::uint8_t channel : color) rgb.push_back(static_cast<int>(channel));
      palette.push_back(std::move(rgb));
    }
  }
  if (!card.bin_centres.empty()) {
    Json& centres = json["bin_centres"] = Json::array();
    for (const std::array<float, 2>& centre : card.bin_centres) {
      Json ab = Json::array();
      ab.push_back(centre[0]);
      ab.push_back(centre[1]);
      centres.push_back(std::move(ab));
    }
  }
  json["temperature"] = card.temperature;
  json["output_is_logits"] = card.output_is_logits;
  json["parameters"] = static_cast<long long>(card.parameters);
  Json& training = json["training"];
  training["preset"] = card.training.preset;
  training["data"] = card.training.data;
  training["epochs"] = card.training.epochs;
  training["command"] = card.training.command;
  training["machine"] = card.training.machine;
  training["duration_seconds"] = card.training.duration_seconds;
  training["terms"] = card.training.terms;
  json["metrics"] = metrics_json(card.metrics);
  json["baseline_metrics"] = metrics_json(card.baseline_metrics);
  json["created"] = card.created;
  json["producer"] = card.producer;
  if (!card.weights_checksum.empty()) json["weights_checksum"] = card.weights_checksum;
  return json;
}

ModelCard model_card_from_json(const Json& json, const std::string& where) {
  const auto field = [&](const std::string& name) { return where + "." + name; };
  check_known_fields(json, where,
                     {"format_version",   "name",           "description",  "mode",
                      "input_size",       "input_multiple", "working_side", "input",
                      "output",           "palette",        "bin_centres",  "temperature",
                      "output_is_logits", "parameters",     "training",     "metrics",
                      "baseline_metrics", "created",        "producer",     "weights_checksum"});
  ModelCard card;
  // The version first: a newer card should say so rather than fail on a renamed field.
  card.format_version = json_int(json_at(json, "format_version", where), field("format_version"));
  if (card.format_version != kModelCardFormatVersion) validate_model_card(card, where);
  card.name = json_string(json_at(json, "name", where), field("name"));
  if (const Json* value = json_find(json, "description"))
    card.description = json_string(*value, field("description"));
  card.mode = model_mode_from_string(json_string(json_at(json, "mode", where), field("mode")),
                                     field("mode"));
  card.input_size = json_int(json_at(json, "input_size", where), field("input_size"));
  if (const Json* value = json_find(json, "input_multiple"))
    card.input_multiple = json_int(*value, field("input_multiple"));
  if (const Json* value = json_find(json, "working_side"))
    card.working_side = json_int(*value, field("working_side"));

  const Json& input = json_at(json, "input", where);
  check_known_fields(input, field("input"), {"l_scale", "l_offset", "hints"});
  card.l_scale = read_float(json_at(input, "l_scale", field("input")), field("input.l_scale"));
  card.l_offset = read_float(json_at(input, "l_offset", field("input")), field("input.l_offset"));
  if (const Json* value = json_find(input, "hints"))
    card.takes_hints = json_bool(*value, field("input.hints"));
  const Json& output = json_at(json, "output", where);
  check_known_fields(output, field("output"), {"ab_scale"});
  card.ab_scale =
      read_float(json_at(output, "ab_scale", field("output")), field("output.ab_scale"));

  if (const Json* palette = json_find(json, "palette")) {
    const std::vector<Json>& colors = json_array(*palette, field("palette"));
    for (std::size_t i = 0; i < colors.size(); ++i) {
      const std::string at = field("palette[" + std::to_string(i) + "]");
      const std::vector<Json>& channels = json_array(colors[i], at);
      if (channels.size() != 3)
        fail(at, "expected [r, g, b], got " + std::to_string(channels.size()) + " value(s)");
      Rgb8 color{};
      for (std::size_t c = 0; c < 3; ++c) {
        const std::string channel_at = at + "[" + std::to_string(c) + "]";
        const int value = json_int(channels[c], channel_at);
        if (value < 0 || value > 255)
          fail(channel_at, "colour channel " + std::to_string(value) + " is outside 0..255");
        color[c] = static_cast<std::uint8_t>(value);
      }
      card.palette.push_back(color);
    }
  }
  if (const Json* bins = json_find(json, "bin_centres")) {
    const std::vector<Json>& centres = json_array(*bins, field("bin_centres"));
    for (std::size_t i = 0; i < centres.size(); ++i) {
      const std::string at = field("bin_centres[" + std::to_string(i) + "]");
      const std::vector<Json>& ab = json_array(centres[i], at);
      if (ab.size() != 2)
        fail(at, "expected [a, b], got " + std::to_string(ab.size()) + " value(s)");
      card.bin_centres.push_back({read_float(ab[0], at + "[0]"), read_float(ab[1], at + "[1]")});
    }
  }
  if (const Json* value = json_find(json, "temperature"))
    card.temperature = read_float(*value, field("temperature"));
  if (const Json* value = json_find(json, "output_is_logits"))
    card.output_is_logits = json_bool(*value, field("output_is_logits"));
  if (const Json* value = json_find(json, "parameters"))
    card.parameters = json_int64(*value, field("parameters"));
  if (const Json* value = json_find(json, "training"))
    card.training = read_training(*value, field("training"));
  if (const Json* value = json_find(json, "metrics"))
    card.metrics = read_metrics(*value, field("metrics"));
  if (const Json* value = json_find(json, "baseline_metrics"))
    card.baseline_metrics = read_metrics(*value, field("baseline_metrics"));
  if (const Json* value = json_find(json, "created"))
    card.created = json_string(*value, field("created"));
  if (const Json* value = json_find(json, "producer"))
    card.producer = json_string(*value, field("producer"));
  if (const Json* value = json_find(json, "weights_checksum"))
    card.weights_checksum = json_string(*value, field("weights_checksum"));
  validate_model_card(card, where);
  return card;
}

std::string model_card_to_string(const ModelCard& card) { return dump_json(to_json(card), 2); }

ModelCard parse_model_card(const std::string& json_text, const std::string& where) {
  return model_card_from_json(parse_json(json_text, where), where + ": card");
}

std::pair<std::string, std::string> model_card_metadata_entry(const ModelCard& card) {
  return {kModelCardKey, dump_json(to_json(card))};
}

ModelCard read_model_card_from_onnx(const std::uint8_t* bytes, std::size_t size,
                                    const std::string& name) {
  const std::map<std::string, std::string> metadata = read_onnx_metadata(bytes, size, name);
  const auto found = metadata.find(kModelCardKey);
  if (found == metadata.end())
    fail(name, "no tint model card in the ONNX metadata; export the model with the tint trainer");
  return parse_model_card(found->second, name + ": " + kModelCardKey);
}

}  // namespace tint
