#include "training/sweep_run_file.hpp"

#include <cstdio>

namespace tint::trainer {
std::string sweep_number_text(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%g", value);
  return text;
}

std::string SweepPoint::name() const {
  return "k" + std::to_string(kernel) + "-f" + std::to_string(filters) + "-d" +
         sweep_number_text(dropout) + "-b" + std::to_string(batch_size) + "-s" +
         std::to_string(stride) + "-e" + std::to_string(epochs);
}

TrainConfig SweepPoint::applied_to(TrainConfig config) const {
  config.kernel = kernel;
  config.filters = filters;
  config.dropout = dropout;
  config.batch_size = batch_size;
  config.stride = stride;
  config.epochs = epochs;
  return config;
}

Json sweep_run_to_json(const SweepRun& run) {
  Json json = Json::object();
  json["name"] = run.point.name();
  json["error"] = run.error;
  json["epochs_run"] = run.epochs_run;
  json["best_epoch"] = run.best_epoch;
  json["best_validation_loss"] = run.best_validation_loss;
  json["stop_reason"] = run.stop_reason;
  json["images_per_second"] = run.images_per_second;
  json["seconds"] = run.seconds;
  json["parameters"] = run.parameters;
  return json;
}

SweepRun sweep_run_from_json(const Json& json, const SweepPoint& point, const std::string& where) {
  const auto field = [&](const char* key) -> const Json& { return json_at(json, key, where); };
  const auto at = [&](const char* key) { return where + "." + key; };
  SweepRun run;
  run.point = point;
  run.error = json_string(field("error"), at("error"));
  run.epochs_run = json_int(field("epochs_run"), at("epochs_run"));
  run.best_epoch = json_int(field("best_epoch"), at("best_epoch"));
  run.best_validation_loss = json_number(field("best_validation_loss"), at("best_validation_loss"));
  run.stop_reason = json_string(field("stop_reason"), at("stop_reason"));
  run.images_per_second = json_number(field("images_per_second"), at("images_per_second"));
  run.seconds = json_number(field("seconds"), at("seconds"));
  run.parameters = json_int64(field("parameters"), at("parameters"));
  return run;
}

}  // namespace tint::trainer
