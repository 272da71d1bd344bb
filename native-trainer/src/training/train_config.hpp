// One run's settings. A preset fills them (presets.hpp); every field can be overridden from the
// command line; the checkpoint stores them, so a resumed run is the same run.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "tint/json.hpp"
#include "tint/model_card.hpp"

namespace tint::trainer {

struct TrainConfig {
  std::string preset;
  ModelMode mode = ModelMode::kAb;
  std::string architecture;  // see build_model_spec: "birds4", "palette-cnn", "lab-upsample", ...

  // Data: "cifar10" (data_dir: the batches folder, "" for the default) or image folders, several
  // separated by ':' as in PATH ("photos/a:photos/b").
  std::string data = "cifar10";
  std::string data_dir;
  std::vector<std::string> classes;  // keep only these classes ("" = all)
  int image_size = 32;               // image folders: square side after cropping / resizing
  // Image folders streamed from disk (decoded on worker threads, batch by batch) instead of held
  // in memory; chosen automatically when the decoded set would not fit memory_budget_mb.
  bool stream = false;
  std::size_t memory_budget_mb = 4096;
  int loader_threads = 0;  // decoding threads when streaming; 0: every core on a GPU, one on a CPU
  std::string validation_data;  // a separate folder of validation photos ("" : a fraction)
  // Streamed training crops: a random part of each photo holding this share of its area, of this
  // aspect ratio (width / height, drawn log-uniformly), resized to image_size; validation takes
  // the largest centred square.
  double crop_scale_min = 0.35, crop_scale_max = 1.0;
  double crop_aspect_min = 0.75, crop_aspect_max = 4.0 / 3.0;
  std::string data_terms;      // the data's terms for the model card ("" : ImageNet's when it is)
  std::size_t max_images = 0;  // 0: all; else the first (streamed folders: a seeded sample)
  // Split of the (filtered) training data: counts when train_count > 0, else fractions.
  std::size_t train_count = 0, validation_count = 0, test_count = 0;
  double validation_fraction = 0.1;
  double test_fraction = 0.0;

  // Palette models: K colours fitted to this share of the training pixels.
  int palette_colours = 24;
  double palette_sample = 0.4;
  std::string palette_distance = "rgb";

  // bins313 models: class rebalancing (Zhang et al.: lambda 0.5) and decoding temperature.
  bool rebalance = true;
  double rebalance_lambda = 0.5;
  float temperature = 0.38f;
  // bins313 models: weight of a smooth-L1 term on the decoded ab (the annealed mean at
  // `temperature`) next to the bins' cross-entropy; 0: none.
  double regression_weight = 0.0;

  // Models that take user hints: training simulates them (tint/hints.hpp), most often none.
  bool hints = false;
  int working_side = 0;  // any-size models: the longer side to run at, for the card (0: none)

  // Architectures with a pretrained encoder (mobilenet-unet): the ONNX file its weights come from
  // when a run starts, and whether they train too (else frozen).
  std::string encoder_weights;
  bool train_encoder = false;
  // mobilenet-unet with hints: the coarsest stride at which the hint planes enter the decoder (4,
  // 8 or 16). Deeper levels let one hint colour a whole region; 4 was the first design's.
  int hint_stride = 4;

  // Architecture hyper-parameters (each architecture says which it uses).
  int filters = 32;
  int kernel = 3;
  int stride = 2;
  float dropout = 0.0f;
  int hidden = 256;     // dense layers
  std::string variant;  // rgb-dense: "dense", "conv" or "bn-conv"

  // Optimisation: Adam, early stopping on the validation loss.
  int epochs = 10;
  int batch_size = 64;
  double learning_rate = 1e-3;
  // "constant", or "cosine": from learning_rate at the first epoch down towards 0 at the last, so
  // that a long run ends with small steps (Loshchilov and Hutter's cosine annealing, no restarts).
  std::string learning_rate_schedule = "constant";
  bool flip = false;  // augmentation: mirror each training image left-right with probability 1/2
  int patience = 5;   // epochs without a better validation loss before stopping; 0: never stop
  std::uint64_t seed = 0;
  std::string device = "auto";         // auto | cpu | cuda
  int threads = 0;                     // CPU threads; 0: all cores
  std::string precision = "auto";      // auto | float32 | bfloat16 (CUDA mixed precision)
  std::string memory_format = "auto";  // auto | contiguous | channels-last
  std::size_t max_steps = 0;           // 0: whole epochs; else stop after this many batches (tests)
};

Json to_json(const TrainConfig& config);
TrainConfig train_config_from_json(const Json& json, const std::string& where);

// The terms the run's data carries, for the model card: data_terms when given, else ImageNet's
// for folders whose path names an ImageNet-derived set (Tiny ImageNet, Imagenette), else none.
std::string data_terms_of(const TrainConfig& config);

// The learning rate of `epoch` (0-based) under the config's schedule; throws on an unknown one.
double learning_rate_at(const TrainConfig& config, int epoch);

}  // namespace tint::trainer
