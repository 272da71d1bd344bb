#include "training/checkpoint.hpp"

#include <cstdio>
#include <set>
#include <sstream>

#include "models/grown_network.hpp"
#include "models/int8_weights.hpp"
#include "models/mobilenet_v2.hpp"
#include "models/presets.hpp"
#include "tint/ab_bins.hpp"
#include "tint/checksum.hpp"
#include "tint/error.hpp"
#include "tint/file_io.hpp"
#include "tint/json.hpp"

namespace tint::trainer {
namespace {

constexpr const char* kStateKey = "tint_run_state";
constexpr const char* kChecksumKey = "tint_weights_checksum";
// Version 2 may store frozen weights as int8 x channel scale (save_weights); version 1 files load.
constexpr int kCheckpointVersion = 2;
constexpr const char* kInt8Suffix = "_int8";
constexpr const char* kScaleSuffix = "_scale";

Json state_json(const RunState& s) {
  Json json = Json::object();
  json["version"] = kCheckpointVersion;
  json["config"] = to_json(s.config);
  json["epoch"] = s.epoch;
  json["best_validation_loss"] = s.best_validation_loss;
  json["best_epoch"] = s.best_epoch;
  json["epochs_since_best"] = s.epochs_since_best;
  json["seconds"] = s.seconds;
  json["data_description"] = s.data_description;
  json["command"] = s.command;
  json["machine"] = s.machine;
  json["processes"] = s.processes;
  json["initialised_from"] = s.initialised_from;
  json["epoch_batches"] = s.epoch_batches;
  json["epoch_loss_sum"] = s.epoch_loss_sum;
  json["epoch_examples"] = s.epoch_examples;
  json["epoch_seconds"] = s.epoch_seconds;
  Json palette = Json::array();
  for (const Rgb8& colour : s.targets.palette.colors)
    palette.push_back(Json(int(colour[0]) << 16 | int(colour[1]) << 8 | int(colour[2])));
  json["palette"] = std::move(palette);
  json["palette_distance"] = to_string(s.targets.palette.distance);
  Json weights = Json::array();
  for (float w : s.targets.bin_weights) weights.push_back(w);
  json["bin_weights"] = std::move(weights);
  return json;
}

RunState state_from_json(const Json& json, const std::string& where) {
  const int version = json_int(json_at(json, "version", where), where + ".version");
  if (version < 1 || version > kCheckpointVersion)
    fail(where, "checkpoint version " + std::to_string(version) +
                    " is not one this tint reads (1 to " + std::to_string(kCheckpointVersion) +
                    "): a newer tint wrote it");
  RunState s;
  s.config = train_config_from_json(json_at(json, "config", where), where + ".config");
  s.epoch = json_int(json_at(json, "epoch", where), where);
  s.best_validation_loss = json_number(json_at(json, "best_validation_loss", where), where);
  s.best_epoch = json_int(json_at(json, "best_epoch", where), where);
  s.epochs_since_best = json_int(json_at(json, "epochs_since_best", where), where);
  s.seconds = json_number(json_at(json, "seconds", where), where);
  s.data_description = json_string(json_at(json, "data_description", where), where);
  s.command = json_string(json_at(json, "command", where), where);
  if (json.contains("machine")) s.machine = json_string(json_at(json, "machine", where), where);
  if (json.contains("processes")) {
    s.processes = json_int(json_at(json, "processes", where), where + ".processes");
    if (s.processes < 1) fail(where, "processes must be >= 1");
  }
  // Checkpoints from before mid-epoch checkpoints and --init-from hold neither.
  if (json.contains("initialised_from"))
    s.initialised_from = json_string(json_at(json, "initialised_from", where), where);
  if (json.contains("epoch_batches")) {
    s.epoch_batches = json_int64(json_at(json, "epoch_batches", where), where + ".epoch_batches");
    s.epoch_loss_sum = json_number(json_at(json, "epoch_loss_sum", where), where);
    s.epoch_examples =
        json_int64(json_at(json, "epoch_examples", where), where + ".epoch_examples");
    s.epoch_seconds = json_number(json_at(json, "epoch_seconds", where), where);
    if (s.epoch_batches < 0 || s.epoch_examples < 0)
      fail(where, "epoch_batches and epoch_examples must be >= 0");
  }
  s.targets.mode = s.config.mode;
  for (const Json& colour : json_array(json_at(json, "palette", where), where)) {
    const int rgb = json_int(colour, where + ".palette");
    s.targets.palette.colors.push_back(
        {std::uint8_t(rgb >> 16), std::uint8_t(rgb >> 8 & 255), std::uint8_t(rgb & 255)});
  }
  s.targets.palette.distance = color_distance_from_string(
      json_string(json_at(json, "palette_distance", where), where), where + ".palette_distance");
  for (const Json& w : json_array(json_at(json, "bin_weights", where), where))
    s.targets.bin_weights.push_back(float(json_number(w, where + ".bin_weights")));
  return s;
}

}  // namespace

std::string run_state_text(const RunState& state) { return dump_json(state_json(state)); }

RunState run_state_from_text(const std::string& text, const std::string& where) {
  return state_from_json(parse_json(text, where), where);
}

namespace {

// Tensors are read onto `device`, whatever device saved them: a checkpoint written on a GPU loads
// on a CPU-only machine.
torch::serialize::InputArchive open_archive(const std::string& path, const torch::Device& device) {
  const std::vector<std::uint8_t> bytes = read_file(path);
  torch::serialize::InputArchive archive;
  try {
    archive.load_from(reinterpret_cast<const char*>(bytes.data()), bytes.size(), device);
  } catch (const c10::Error& e) {
    fail(path,
         std::string("not a checkpoint this LibTorch can read: ") + e.what_without_backtrace());
  }
  return archive;
}

RunState state_of(torch::serialize::InputArchive& archive, const std::string& path) {
  c10::IValue text;
  if (!archive.try_read(kStateKey, text) || !text.isString())
    fail(path, "not a tint checkpoint (no run state)");
  return state_from_json(parse_json(text.toStringRef(), path), path);
}

// The checksum of the network's weights: its parameters, then its buffers, as CPU float32 bytes in
// the network's order.
std::string weights_checksum(const SpecNetworkImpl& network) {
  Checksum checksum;
  const auto add = [&checksum](const torch::Tensor& tensor) {
    const torch::Tensor bytes = tensor.detach().to(torch::kCPU, torch::kFloat).contiguous();
    checksum.add(bytes.data_ptr(), static_cast<std::size_t>(bytes.numel()) * sizeof(float));
  };
  for (const torch::Tensor& parameter : network.parameters()) add(parameter);
  for (const torch::Tensor& buffer : network.buffers()) add(buffer);
  return checksum.text();
}

// Weights just loaded from `path` against the checksum saved with them. Files from before
// checksums load as before, with a note (once per file) that they cannot be checked.
void check_weights(torch::serialize::InputArchive& archive, const SpecNetworkImpl& network,
                   const std::string& path) {
  c10::IValue saved;
  if (!archive.try_read(kChecksumKey, saved) || !saved.isString()) {
    static std::set<std::string> noted;
    if (noted.insert(path).second)
      std::fprintf(stderr,
                   "note: %s was written before tint checksummed its weights: a damaged copy "
                   "cannot be told from a good one\n",
                   path.c_str());
    return;
  }
  if (saved.toStringRef() != weights_checksum(network))
    fail(path,
         "damaged: its weights do not match the checksum written with them (the file changed "
         "after tint saved it); use another copy, or the run's other checkpoint");
}

// Module::save's layout, except that frozen weights which are exactly int8 x a channel scale (a
// quantized encoder's) are written as NAME_int8 and NAME_scale: a quarter of their float size, so
// that a run's resumable checkpoint fits the repository. Trained weights never are exactly that.
void save_weights(const torch::nn::Module& module, torch::serialize::OutputArchive& archive) {
  for (const auto& parameter : module.named_parameters(/*recurse=*/false)) {
    const torch::Tensor& value = parameter.value();
    const std::optional<Int8Weights> int8 =
        value.requires_grad() ? std::nullopt : exact_int8_weights(value);
    if (!int8) {
      archive.write(parameter.key(), value);
      continue;
    }
    std::vector<std::int8_t> values = int8->values;
    std::vector<float> scales = int8->scales;
    archive.write(parameter.key() + kInt8Suffix,
                  torch::from_blob(values.data(), value.sizes(), torch::kChar).clone(),
                  /*is_buffer=*/true);
    archive.write(parameter.key() + kScaleSuffix,
                  torch::from_blob(scales.data(), {std::int64_t(scales.size())}).clone(),
                  /*is_buffer=*/true);
  }
  for (const auto& buffer : module.named_buffers(/*recurse=*/false))
    archive.write(buffer.key(), buffer.value(), /*is_buffer=*/true);
  for (const auto& child : module.named_children()) {
    if (!child.value()->is_serializable()) continue;
    torch::serialize::OutputArchive child_archive(archive.compilation_unit());
    save_weights(*child.value(), child_archive);
    archive.write(child.key(), child_archive);
  }
}

// What save_weights wrote (or Module::save, in files from before int8 weights) into `module`.
void load_weights(torch::nn::Module& module, torch::serialize::InputArchive& archive) {
  for (auto& parameter : module.named_parameters(/*recurse=*/false)) {
    torch::Tensor& value = parameter.value();
    torch::Tensor values, scales;
    if (!archive.try_read(parameter.key() + kInt8Suffix, values)) {
      archive.read(parameter.key(), value);
      continue;
    }
    archive.read(parameter.key() + kScaleSuffix, scales);
    const torch::Tensor weights = dequantized(values, scales);
    TORCH_CHECK(weights.sizes() == value.sizes(), "int8 weights '", parameter.key(), "' are ",
                weights.sizes(), ", the network's ", value.sizes());
    torch::NoGradGuard no_grad;
    value.copy_(weights);
  }
  for (auto& buffer : module.named_buffers(/*recurse=*/false))
    archive.read(buffer.key(), buffer.value(), /*is_buffer=*/true);
  for (const auto& child : module.named_children()) {
    if (!child.value()->is_serializable()) continue;
    torch::serialize::InputArchive child_archive;
    archive.read(child.key(), child_archive);
    load_weights(*child.value(), child_archive);
  }
}

}  // namespace

void save_checkpoint(const std::string& path, const SpecNetworkImpl& network,
                     const torch::optim::Optimizer* optimizer, const RunState& state) {
  torch::serialize::OutputArchive archive;
  save_weights(network, archive);
  if (optimizer != nullptr) {
    torch::serialize::OutputArchive optimizer_archive;
    optimizer->save(optimizer_archive);
    archive.write("optimizer", optimizer_archive);
  }
  archive.write(kStateKey, c10::IValue(dump_json(state_json(state))));
  archive.write(kChecksumKey, c10::IValue(weights_checksum(network)));
  std::ostringstream bytes;
  archive.save_to(bytes);
  write_file_atomic(path, bytes.str());
}

RunState read_run_state(const std::string& path) {
  torch::serialize::InputArchive archive = open_archive(path, torch::kCPU);
  return state_of(archive, path);
}

void load_checkpoint(const std::string& path, SpecNetworkImpl& network,
                     torch::optim::Optimizer* optimizer) {
  // Loaded tensors replace the parameters' storage: read them onto the network's device.
  const torch::Device device = network.parameters().front().device();
  torch::serialize::InputArchive archive = open_archive(path, device);
  const RunState state = state_of(archive, path);
  const ModelSpec saved = build_model_spec(state.config, state.targets.outputs());
  if (parameter_count(saved) != parameter_count(network.spec()) ||
      saved.layers.size() != network.spec().layers.size())
    fail(path, "holds a " + saved.architecture + " model of preset '" + state.config.preset +
                   "', not the " + network.spec().architecture + " being trained");
  try {
    load_weights(network, archive);
    check_weights(archive, network, path);
    if (optimizer != nullptr) {
      torch::serialize::InputArchive optimizer_archive;
      archive.read("optimizer", optimizer_archive);
      optimizer->load(optimizer_archive);
    }
  } catch (const c10::Error& e) {
    fail(path, std::string("cannot load the weights: ") + e.what_without_backtrace());
  }
}

LoadedModel load_model(const std::string& path) {
  LoadedModel model;
  model.state = read_run_state(path);
  model.network = SpecNetwork(build_model_spec(model.state.config, model.state.targets.outputs()));
  load_checkpoint(path, *model.network, nullptr);
  model.network->eval();
  return model;
}

std::string start_from_checkpoint(const std::string& path, SpecNetworkImpl& network) {
  const RunState state = read_run_state(path);
  const ModelSpec saved = build_model_spec(state.config, state.targets.outputs());
  if (parameter_count(saved) == parameter_count(network.spec()) &&
      saved.layers.size() == network.spec().layers.size()) {
    load_checkpoint(path, network, nullptr);
    return "starting from the weights of " + path;
  }
  const LoadedModel trained = load_model(path);
  const GrowthReport growth = grow_into(*trained.network, network, path);
  char text[320];
  std::snprintf(text, sizeof text,
                "starting from the weights of %s, grown: %d layers copied, %d widened (their added "
                "inputs start at 0), %d new; the grown network's output differs from the "
                "checkpoint's by %.2g at most",
                path.c_str(), growth.copied_layers, growth.widened_layers, growth.new_layers,
                growth.largest_output_difference);
  return text;
}

ModelCard model_card_of(const RunState& state, const ModelSpec& spec) {
  ModelCard card;
  card.name = state.config.preset;
  card.description = spec.architecture + " model trained by tint on " + state.data_description;
  if (!state.initialised_from.empty())
    card.description += ", starting from the weights of " + state.initialised_from;
  if (spec.encoder_layers > 0) card.description += std::string("; ") + kMobileNetV2Origin;
  card.mode = state.config.mode;
  card.input_size = spec.input_size;
  card.input_multiple = spec.size_multiple;
  card.working_side = spec.input_size == 0 ? state.config.working_side : 0;
  card.takes_hints = state.config.hints;
  card.l_scale = kLScale;
  card.l_offset = kLOffset;
  card.ab_scale = kAbScale;
  card.palette = state.targets.palette.colors;
  if (card.mode == ModelMode::kBins313) card.bin_centres = AbBins::standard().centres();
  card.temperature = state.config.temperature;
  card.output_is_logits = true;
  card.parameters = parameter_count(spec);
  card.training.preset = state.config.preset;
  card.training.data = state.data_description;
  card.training.epochs = state.best_epoch;
  card.training.command = state.command;
  card.training.duration_seconds = state.seconds;
  card.training.machine = state.machine;
  card.training.terms = state.config.data_terms;
  card.producer = "tint " TINT_VERSION;
  return card;
}

}  // namespace tint::trainer
