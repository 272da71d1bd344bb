#include "trainer.hpp"

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <thread>

#include "accelerator.hpp"
#include "cifar10.hpp"
#include "image_folder.hpp"
#include "inference.hpp"
#include "machine.hpp"
#include "onnx_export.hpp"
#include "presets.hpp"
#include "progress_bar.hpp"
#include "run_report.hpp"
#include "tint/ab_bins.hpp"
#include "tint/color_space.hpp"
#include "tint/error.hpp"
#include "tint/file_io.hpp"
#include "tint/json.hpp"
#include "tint/random.hpp"

namespace tint::trainer {
namespace fs = std::filesystem;

namespace {

ImageSet concatenate(ImageSet a, const ImageSet& b) {
  a.images.insert(a.images.end(), b.images.begin(), b.images.end());
  a.labels.insert(a.labels.end(), b.labels.begin(), b.labels.end());
  a.description = "CIFAR-10 train + test";
  return a;
}

// A seeded permutation of 0..n-1 (Fisher-Yates on the core's SplitMix64: the same on every
// platform and LibTorch version).
torch::Tensor permutation(std::int64_t n, std::uint64_t seed) {
  std::vector<std::int64_t> order(std::size_t(n), 0);
  for (std::int64_t i = 0; i < n; ++i) order[std::size_t(i)] = i;
  Random random(seed);
  for (std::int64_t i = n - 1; i > 0; --i)
    std::swap(order[std::size_t(i)], order[std::size_t(random.below(std::uint64_t(i) + 1))]);
  return torch::tensor(order, torch::kLong);
}

double mean_loss(SpecNetworkImpl& network, const TensorSet& set, const TargetSpec& targets,
                 int batch_size, const StepSettings& step) {
  torch::NoGradGuard no_grad;
  network.eval();
  torch::Tensor sum = torch::zeros({}, set.input.options().dtype(torch::kDouble));
  for (std::int64_t start = 0; start < set.size(); start += batch_size) {
    const std::int64_t end = std::min(set.size(), start + batch_size);
    const torch::Tensor indices =
        torch::arange(start, end, torch::TensorOptions(torch::kLong).device(set.input.device()));
    const TensorSet batch = set.select(indices);
    BFloat16Autocast autocast(step.bfloat16);
    sum += batch_loss(network.forward(batch.input), batch, targets) * double(end - start);
  }
  return sum.item<double>() / double(set.size());
}

ComparisonExamples examples_of(SpecNetworkImpl& network, const ModelCard& card,
                               const ImageSet& images, std::size_t count) {
  ComparisonExamples examples;
  for (std::size_t i = 0; i < std::min(count, images.size()); ++i) {
    examples.gray.push_back(to_gray(images.images[i]));
    examples.truth.push_back(images.images[i]);
    examples.predicted.push_back(colorize_image(network, card, images.images[i]));
  }
  return examples;
}

}  // namespace

Splits load_training_data(const TrainConfig& config) {
  ImageSet pool;
  const bool split_test = config.test_count > 0 || config.test_fraction > 0;
  ImageSet official_test;
  if (config.data == "cifar10") {
    const std::string folder = config.data_dir.empty() ? default_cifar10_dir() : config.data_dir;
    pool = read_cifar10(folder, Cifar10Part::kTrain);
    official_test = read_cifar10(folder, Cifar10Part::kTest);
    // Recipes that cut their own test split draw it from all images (e.g. the 6000 birds).
    if (split_test) pool = concatenate(std::move(pool), official_test);
  } else {
    ImageFolderOptions options;
    options.size = config.image_size;
    if (config.classes.empty()) options.max_images = config.max_images;  // stop reading early
    FolderReadReport report;
    pool = read_image_folder(config.data, options, &report);
  }
  if (!config.classes.empty()) {
    pool = filter_classes(pool, config.classes);
    if (official_test.size() > 0) official_test = filter_classes(official_test, config.classes);
  }
  if (config.max_images > 0 && pool.size() > config.max_images) {
    std::vector<std::size_t> first(config.max_images);
    for (std::size_t i = 0; i < first.size(); ++i) first[i] = i;
    pool = subset(pool, first, pool.description + ", first " + std::to_string(first.size()));
  }
  Splits splits;
  if (config.train_count > 0) {
    std::size_t train = config.train_count, validation = config.validation_count,
                test = config.test_count;
    const std::size_t wanted = train + validation + test;
    if (wanted > pool.size()) {
      // Fewer images than the recipe asks for (e.g. a partial test batch): keep its proportions.
      const double scale = double(pool.size()) / double(wanted);
      validation = std::size_t(double(validation) * scale);
      test = std::size_t(double(test) * scale);
      train = pool.size() - validation - test;
      std::fprintf(
          stderr,
          "note: %zu images, fewer than the %zu the split asks for; using %zu / %zu / %zu\n",
          pool.size(), wanted, train, validation, test);
    }
    splits = split_by_counts(pool, train, validation, test, config.seed);
  } else {
    splits =
        split_by_fractions(pool, config.validation_fraction, config.test_fraction, config.seed);
  }
  if (!split_test && official_test.size() > 0) splits.test = official_test;
  if (splits.train.size() == 0)
    fail("data", "the training split is empty (" + pool.description + ")");
  return splits;
}

TargetSpec fit_targets(const TrainConfig& config, const ImageSet& train) {
  TargetSpec targets;
  targets.mode = config.mode;
  if (config.mode == ModelMode::kPalette) {
    KMeansOptions options;
    options.k = config.palette_colours;
    options.sample_fraction = config.palette_sample;
    options.seed = config.seed;
    options.distance = color_distance_from_string(config.palette_distance, "--palette-distance");
    options.threads = config.threads;
    targets.palette = fit_palette(train.images, options).palette;
  } else if (config.mode == ModelMode::kBins313) {
    if (config.rebalance) {
      AbPriorAccumulator prior;
      for (const Image8& image : train.images) prior.add(rgb8_to_lab(image));
      targets.bin_weights = rebalancing_weights(prior.prior(), config.rebalance_lambda);
    } else {
      targets.bin_weights.assign(std::size_t(AbBins::standard().size()), 1.0f);
    }
  }
  return targets;
}

torch::Device choose_device(const std::string& name) {
  if (name == "cpu") return torch::kCPU;
  if (name == "cuda" || name == "auto") {
    if (torch::cuda::is_available()) return torch::kCUDA;
    if (name == "cuda") fail("--device", "cuda asked for, but LibTorch sees no CUDA GPU");
    return torch::kCPU;
  }
  fail("--device", "must be auto, cpu or cuda, got '" + name + "'");
}

TrainResult train(const TrainConfig& requested, const TrainOptions& options) {
  const std::string checkpoint = (fs::path(options.run_dir) / "checkpoint.pt").string();
  const std::string best = (fs::path(options.run_dir) / "best.pt").string();
  RunState state;
  state.config = requested;
  if (options.resume) {
    if (!fs::exists(checkpoint)) fail("--resume", "no checkpoint at " + checkpoint);
    state = read_run_state(checkpoint);
    if (state.config.preset != requested.preset)
      fail("--resume", checkpoint + " is a checkpoint of preset '" + state.config.preset +
                           "', not '" + requested.preset + "'");
    // A resumed run is the same run; only its length may change.
    state.config.epochs = requested.epochs;
    state.config.max_steps = requested.max_steps;
  }
  const TrainConfig& config = state.config;
  if (config.epochs < 1) fail("--epochs", "must be >= 1");
  if (config.batch_size < 1) fail("--batch-size", "must be >= 1");
  if (!(config.learning_rate > 0)) fail("--learning-rate", "must be > 0");
  learning_rate_at(config, 0);  // an unknown schedule, before any data is read
  infer_shapes(build_model_spec(config, output_channels(config)));  // bad settings before data
  torch::set_num_threads(
      config.threads > 0 ? config.threads : int(std::max(1u, std::thread::hardware_concurrency())));
  std::error_code error;
  fs::create_directories(options.run_dir, error);
  if (error) fail(options.run_dir, "cannot create the run folder: " + error.message());
  if (!options.resume) {  // a new run in a used folder: the old run's log is not this one's
    fs::remove(metrics_jsonl_path(options.run_dir), error);
    fs::remove(metrics_csv_path(options.run_dir), error);
  }

  const torch::Device device = choose_device(config.device);
  const Splits splits = load_training_data(config);
  if (!options.resume) {
    state.targets = fit_targets(config, splits.train);
    state.data_description = splits.train.description;
    state.command = options.command;
    state.machine = describe_machine(device.is_cuda());
  }
  const TargetSpec& targets = state.targets;
  const TensorSet train_set = make_tensors(splits.train, targets).to(device);
  const TensorSet validation_set = splits.validation.size() > 0
                                       ? make_tensors(splits.validation, targets).to(device)
                                       : TensorSet{};

  const ModelSpec spec = build_model_spec(config, targets.outputs());
  const StepSettings step = resolve_step_settings(config.precision, config.memory_format, device);
  // Every batch has the same shape: let cuDNN time its kernels once and keep the fastest.
  if (device.is_cuda()) at::globalContext().setBenchmarkCuDNN(true);
  torch::manual_seed(config.seed);
  SpecNetwork network(spec);
  network->to(device);
  torch::optim::Adam optimizer(network->parameters(),
                               torch::optim::AdamOptions(config.learning_rate));
  if (options.resume) load_checkpoint(checkpoint, *network, &optimizer);
  if (step.channels_last) to_channels_last(*network);

  std::fprintf(stderr, "%s: %s, %lld parameters, %zu train / %zu validation images, %s%s%s\n",
               config.preset.c_str(), spec.architecture.c_str(),
               static_cast<long long>(parameter_count(spec)), splits.train.size(),
               splits.validation.size(), device.is_cuda() ? "cuda" : "cpu",
               step.bfloat16 ? ", bfloat16 mixed precision" : "",
               step.channels_last ? ", channels-last" : "");
  TrainResult result;
  result.stop_reason = "epochs";
  std::size_t steps = 0;
  const std::int64_t n = train_set.size();
  // Losses are read back in groups: a host sync after every step would leave a GPU idle.
  const std::size_t read_every = device.is_cuda() ? 32 : 1;
  struct PendingLoss {
    torch::Tensor value;
    std::int64_t start, end;  // the batch's rows in this epoch's order
  };
  for (int epoch = state.epoch; epoch < config.epochs; ++epoch) {
    const auto start = std::chrono::steady_clock::now();
    // Derived from the epoch alone, so a resumed run continues the schedule exactly.
    const double learning_rate = learning_rate_at(config, epoch);
    for (torch::optim::OptimizerParamGroup& group : optimizer.param_groups())
      static_cast<torch::optim::AdamOptions&>(group.options()).lr(learning_rate);
    network->train();
    torch::manual_seed(config.seed + 1 + std::uint64_t(epoch));  // dropout: the same on resume
    const torch::Tensor order =
        permutation(n, config.seed ^ (0x9E3779B97F4A7C15ull * std::uint64_t(epoch + 1))).to(device);
    ProgressBar bar("epoch " + std::to_string(epoch + 1) + "/" + std::to_string(config.epochs), n,
                    "img", options.progress);
    double loss_sum = 0.0;
    std::int64_t seen = 0;
    std::vector<PendingLoss> pending;
    const auto read_back = [&] {
      if (pending.empty()) return;
      std::vector<torch::Tensor> values;
      for (const PendingLoss& loss : pending) values.push_back(loss.value);
      const torch::Tensor host = torch::stack(values).to(torch::kCPU, torch::kDouble);
      const double* read = host.data_ptr<double>();
      for (std::size_t i = 0; i < pending.size(); ++i) {
        const double value = read[i];
        if (!std::isfinite(value))
          fail("train",
               "the loss became " + std::to_string(value) + " at epoch " +
                   std::to_string(epoch + 1) + ", batch " +
                   std::to_string(pending[i].start / config.batch_size + 1) + "; stopped" +
                   (fs::exists(checkpoint) ? ", keeping the last good checkpoint " + checkpoint
                                           : std::string(" before any checkpoint was written")) +
                   "; try a lower --learning-rate");
        loss_sum += value * double(pending[i].end - pending[i].start);
        seen = pending[i].end;
      }
      pending.clear();
      char status[64];
      std::snprintf(status, sizeof status, " loss %.4f", loss_sum / double(seen));
      bar.update(seen, status);
    };
    for (std::int64_t start_index = 0; start_index < n; start_index += config.batch_size) {
      const std::int64_t end = std::min(n, start_index + config.batch_size);
      TensorSet batch = train_set.select(order.slice(0, start_index, end));
      if (config.flip)
        batch = batch.mirrored_where(
            torch::rand({end - start_index}, torch::TensorOptions(device)) < 0.5);
      optimizer.zero_grad();
      torch::Tensor loss;
      {
        BFloat16Autocast autocast(step.bfloat16);
        loss = batch_loss(network->forward(batch.input), batch, targets);
      }
      loss.backward();
      optimizer.step();
      pending.push_back({loss.detach(), start_index, end});
      const bool last_step = config.max_steps > 0 && ++steps >= config.max_steps;
      if (pending.size() >= read_every || last_step) read_back();
      if (last_step) break;
    }
    read_back();
    const double train_seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    EpochRecord record;
    record.epoch = epoch + 1;
    record.train_loss = loss_sum / double(std::max<std::int64_t>(seen, 1));
    record.validation_loss = validation_set.size() > 0 ? mean_loss(*network, validation_set,
                                                                   targets, config.batch_size, step)
                                                       : record.train_loss;
    record.learning_rate = learning_rate;
    record.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    record.images_per_second = double(seen) / train_seconds;  // training steps alone
    char status[96];
    std::snprintf(status, sizeof status, " loss %.4f, validation %.4f", record.train_loss,
                  record.validation_loss);
    bar.finish(status);
    result.images_per_second = record.images_per_second;
    append_epoch_record(options.run_dir, record);

    state.epoch = epoch + 1;
    state.seconds += record.seconds;
    if (state.best_epoch == 0 || record.validation_loss < state.best_validation_loss) {
      state.best_validation_loss = record.validation_loss;
      state.best_epoch = state.epoch;
      state.epochs_since_best = 0;
      save_checkpoint(best, *network, nullptr, state);
    } else {
      ++state.epochs_since_best;
    }
    save_checkpoint(checkpoint, *network, &optimizer, state);
    if (config.max_steps > 0 && steps >= config.max_steps) {
      result.stop_reason = "max steps";
      break;
    }
    if (config.patience > 0 && state.epochs_since_best >= config.patience) {
      result.stop_reason = "early stopping";
      break;
    }
  }
  result.epochs = state.epoch;
  result.best_epoch = state.best_epoch;
  result.best_validation_loss = state.best_validation_loss;

  LoadedModel best_model = load_model(best);
  const ModelCard card = model_card_of(best_model.state, spec);
  const ImageSet& shown = splits.validation.size() > 0 ? splits.validation : splits.train;
  write_run_report(options.run_dir, read_epoch_records(metrics_jsonl_path(options.run_dir)),
                   examples_of(*best_model.network, card, shown, 8));
  if (options.export_onnx)
    export_checkpoint(best, (fs::path(options.run_dir) / "model.onnx").string());
  return result;
}

ModelCard export_checkpoint(const std::string& checkpoint, const std::string& path,
                            const std::string& name, const std::string& description) {
  const LoadedModel model = load_model(checkpoint);
  ModelCard card = model_card_of(model.state, model.network->spec());
  if (!name.empty()) card.name = name;
  if (!description.empty()) card.description = description;
  const fs::path evaluation = fs::path(checkpoint).parent_path() / "evaluation.json";
  if (fs::exists(evaluation)) {
    const Json json = Json::parse(read_text_file(evaluation.string()), evaluation.string());
    for (const auto& [metric, value] : json.at("model", "evaluation").items())
      card.metrics[metric] = value.as_number(metric);
    for (const auto& [metric, value] : json.at("baseline", "evaluation").items())
      card.baseline_metrics[metric] = value.as_number(metric);
  }
  card.created = utc_now_iso8601();
  export_onnx(*model.network, card, path);
  return card;
}

}  // namespace tint::trainer
