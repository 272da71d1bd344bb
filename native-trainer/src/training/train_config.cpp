#include "training/train_config.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <set>

#include "tint/error.hpp"

namespace tint::trainer {
namespace {

// Every field once, for both directions of the JSON form.
template <class Config, class Visit>
void visit_fields(Config& c, Visit visit) {
  visit("preset", c.preset);
  visit("architecture", c.architecture);
  visit("data", c.data);
  visit("data_dir", c.data_dir);
  visit("classes", c.classes);
  visit("image_size", c.image_size);
  visit("stream", c.stream);
  visit("memory_budget_mb", c.memory_budget_mb);
  visit("loader_threads", c.loader_threads);
  visit("validation_data", c.validation_data);
  visit("crop_scale_min", c.crop_scale_min);
  visit("crop_scale_max", c.crop_scale_max);
  visit("crop_aspect_min", c.crop_aspect_min);
  visit("crop_aspect_max", c.crop_aspect_max);
  visit("data_terms", c.data_terms);
  visit("max_images", c.max_images);
  visit("train_count", c.train_count);
  visit("validation_count", c.validation_count);
  visit("test_count", c.test_count);
  visit("validation_fraction", c.validation_fraction);
  visit("test_fraction", c.test_fraction);
  visit("palette_colours", c.palette_colours);
  visit("palette_sample", c.palette_sample);
  visit("palette_distance", c.palette_distance);
  visit("rebalance", c.rebalance);
  visit("rebalance_lambda", c.rebalance_lambda);
  visit("temperature", c.temperature);
  visit("regression_weight", c.regression_weight);
  visit("hints", c.hints);
  visit("working_side", c.working_side);
  visit("encoder_weights", c.encoder_weights);
  visit("train_encoder", c.train_encoder);
  visit("hint_stride", c.hint_stride);
  visit("filters", c.filters);
  visit("kernel", c.kernel);
  visit("stride", c.stride);
  visit("dropout", c.dropout);
  visit("hidden", c.hidden);
  visit("variant", c.variant);
  visit("epochs", c.epochs);
  visit("batch_size", c.batch_size);
  visit("learning_rate", c.learning_rate);
  visit("learning_rate_schedule", c.learning_rate_schedule);
  visit("flip", c.flip);
  visit("patience", c.patience);
  visit("device", c.device);
  visit("threads", c.threads);
  visit("precision", c.precision);
  visit("memory_format", c.memory_format);
  visit("max_steps", c.max_steps);
}

struct Writer {
  Json& json;
  void operator()(const char* key, const std::string& v) { json[key] = v; }
  void operator()(const char* key, bool v) { json[key] = v; }
  void operator()(const char* key, int v) { json[key] = v; }
  void operator()(const char* key, float v) { json[key] = v; }
  void operator()(const char* key, double v) { json[key] = v; }
  void operator()(const char* key, std::size_t v) {
    json[key] = static_cast<unsigned long long>(v);
  }
  void operator()(const char* key, const std::vector<std::string>& v) {
    Json list = Json::array();
    for (const std::string& item : v) list.push_back(item);
    json[key] = std::move(list);
  }
};

// Fields added after the first checkpoints were written: older checkpoints keep the default.
bool added_later(const char* key) {
  static const std::set<std::string> later = {
      "learning_rate_schedule", "stream",          "memory_budget_mb",  "loader_threads",
      "validation_data",        "crop_scale_min",  "crop_scale_max",    "crop_aspect_min",
      "crop_aspect_max",        "data_terms",      "regression_weight", "hints",
      "working_side",           "encoder_weights", "train_encoder",     "hint_stride"};
  return later.count(key) > 0;
}

struct Reader {
  const Json& json;
  const std::string& where;
  std::string at(const char* key) const { return where + "." + key; }
  bool absent(const char* key) const { return added_later(key) && !json.contains(key); }
  void operator()(const char* key, std::string& v) {
    if (absent(key)) return;
    v = json_string(json_at(json, key, where), at(key));
  }
  void operator()(const char* key, bool& v) {
    if (!absent(key)) v = json_bool(json_at(json, key, where), at(key));
  }
  void operator()(const char* key, int& v) {
    if (!absent(key)) v = json_int(json_at(json, key, where), at(key));
  }
  void operator()(const char* key, float& v) {
    v = static_cast<float>(json_number(json_at(json, key, where), at(key)));
  }
  void operator()(const char* key, double& v) {
    if (!absent(key)) v = json_number(json_at(json, key, where), at(key));
  }
  void operator()(const char* key, std::size_t& v) {
    if (absent(key)) return;
    const long long value = json_int64(json_at(json, key, where), at(key));
    if (value < 0) fail(at(key), "must not be negative");
    v = static_cast<std::size_t>(value);
  }
  void operator()(const char* key, std::vector<std::string>& v) {
    v.clear();
    for (const Json& item : json_array(json_at(json, key, where), at(key)))
      v.push_back(json_string(item, at(key)));
  }
};

}  // namespace

std::string data_terms_of(const TrainConfig& config) {
  if (!config.data_terms.empty()) return config.data_terms;
  std::string folders = config.data + ":" + config.validation_data;
  std::transform(folders.begin(), folders.end(), folders.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (folders.find("imagenet") != std::string::npos ||
      folders.find("imagenette") != std::string::npos)
    return "Trained on ImageNet-derived photos: ImageNet's terms allow non-commercial research "
           "and educational use only";
  if (config.architecture == "mobilenet-unet")
    return "Its encoder was trained on ImageNet: ImageNet's terms allow non-commercial research "
           "and educational use only";
  return "";
}

double learning_rate_at(const TrainConfig& config, int epoch) {
  if (config.learning_rate_schedule == "constant") return config.learning_rate;
  if (config.learning_rate_schedule == "cosine") {
    constexpr double kPi = 3.14159265358979323846;
    const double progress = static_cast<double>(epoch) / std::max(config.epochs, 1);
    return config.learning_rate * 0.5 * (1.0 + std::cos(kPi * progress));
  }
  fail("--lr-schedule", "must be constant or cosine, not '" + config.learning_rate_schedule + "'");
}

Json to_json(const TrainConfig& config) {
  Json json = Json::object();
  json["mode"] = to_string(config.mode);
  json["seed"] = std::to_string(config.seed);  // JSON numbers hold 53 bits, seeds 64
  visit_fields(config, Writer{json});
  return json;
}

TrainConfig train_config_from_json(const Json& json, const std::string& where) {
  TrainConfig config;
  config.mode = model_mode_from_string(json_string(json_at(json, "mode", where), where + ".mode"),
                                       where + ".mode");
  const std::string seed = json_string(json_at(json, "seed", where), where + ".seed");
  if (seed.empty() || seed.find_first_not_of("0123456789") != std::string::npos)
    fail(where + ".seed", "not an unsigned integer: '" + seed + "'");
  config.seed = std::stoull(seed);
  visit_fields(config, Reader{json, where});
  return config;
}

}  // namespace tint::trainer
