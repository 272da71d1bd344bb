#include "training/trainer.hpp"

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <thread>

#include <unistd.h>

#include "data/cifar10.hpp"
#include "data/image_folder.hpp"
#include "evaluation/inference.hpp"
#include "export/onnx_export.hpp"
#include "models/mobilenet_v2.hpp"
#include "models/presets.hpp"
#include "reports/machine.hpp"
#include "reports/progress_bar.hpp"
#include "reports/run_report.hpp"
#include "tint/ab_bins.hpp"
#include "tint/checksum.hpp"
#include "tint/color_space.hpp"
#include "tint/error.hpp"
#include "tint/file_io.hpp"
#include "tint/json.hpp"
#include "tint/random.hpp"
#include "training/accelerator.hpp"
#include "training/batch_sources.hpp"
#include "training/hint_simulation.hpp"
#include "training/memory_reuse.hpp"

namespace tint::trainer {
namespace fs = std::filesystem;

namespace {

ImageSet concatenate(ImageSet a, const ImageSet& b) {
  a.images.insert(a.images.end(), b.images.begin(), b.images.end());
  a.labels.insert(a.labels.end(), b.labels.begin(), b.labels.end());
  a.description = "CIFAR-10 train + test";
  return a;
}

// The network input of a batch: L, and for a model that takes hints the simulated hint planes.
torch::Tensor input_of(const TensorSet& batch, const TrainConfig& config) {
  return config.hints ? input_with_simulated_hints(batch.input, batch.ab) : batch.input;
}

RegressionTerm regression_of(const TrainConfig& config) {
  return {config.regression_weight, config.temperature};
}

// The loss the network trains on: at the spec's loss stride (every pixel for most).
torch::Tensor training_loss(SpecNetworkImpl& network, const TensorSet& batch,
                            const TargetSpec& targets, const TrainConfig& config) {
  return batch_loss(network.forward_for_loss(input_of(batch, config)),
                    batch.every_nth_pixel(network.spec().loss_stride), targets,
                    regression_of(config));
}

// The mean loss over a source's examples (every process's shard, in a data-parallel run).
double mean_loss(SpecNetworkImpl& network, BatchSource& source, const TargetSpec& targets,
                 const TrainConfig& config, const StepSettings& step, DataParallel* parallel) {
  torch::NoGradGuard no_grad;
  network.eval();
  torch::manual_seed(config.seed ^ 0x5EEDull);  // the same simulated hints at every validation
  source.start_epoch(0);
  // Summed on the device and read once: a read per batch would make a GPU wait every time.
  torch::Tensor sum;
  std::int64_t count = 0;
  TensorSet batch;
  while (source.next(batch)) {
    if (batch.size() == 0) continue;
    BFloat16Autocast autocast(step.bfloat16);
    const torch::Tensor loss =
        training_loss(network, batch, targets, config).to(torch::kDouble) * double(batch.size());
    sum = sum.defined() ? sum + loss : loss;
    count += batch.size();
  }
  if (parallel != nullptr) {
    const torch::TensorOptions options =
        torch::TensorOptions(torch::kDouble).device(parallel->group().device());
    torch::Tensor totals =
        torch::stack({sum.defined() ? sum.to(options) : torch::zeros({}, options),
                      torch::full({}, double(count), options)});
    parallel->sum(totals, "the validation loss's all-reduce");
    totals = totals.cpu();
    const double all = totals[1].item<double>();
    return all > 0 ? totals[0].item<double>() / all : 0.0;
  }
  return count > 0 ? sum.item<double>() / double(count) : 0.0;
}

// After the first epoch of a streamed run: the files it left out, as reading a folder reports them.
// In a data-parallel run each process names the files it read, and rank 0 gives the totals.
void report_left_out(const PhotoBatches& photos, DataParallel* parallel) {
  const PhotoCounts counts = photos.counts();
  const std::string prefix = parallel ? parallel->group().name() + ": " : "";
  for (const std::string& warning : photos.warnings())
    std::fprintf(stderr, "%swarning: skipped %s\n", prefix.c_str(), warning.c_str());
  double used = double(counts.used), unreadable = double(counts.unreadable),
         gray = double(counts.gray);
  if (parallel) {
    torch::Tensor totals =
        torch::tensor({used, unreadable, gray}, torch::kDouble).to(parallel->group().device());
    parallel->sum(totals, "counting the photos left out");
    totals = totals.cpu();
    used = totals[0].item<double>();
    unreadable = totals[1].item<double>();
    gray = totals[2].item<double>();
    if (!parallel->leader()) return;
  }
  if (unreadable + gray == 0) return;
  std::fprintf(stderr, "photos: %.0f used, %.0f unreadable and %.0f gray left out\n", used,
               unreadable, gray);
}

// A run's batches, in memory or streamed, and the examples its report shows.
struct RunBatches {
  std::unique_ptr<BatchSource> train, validation;  // validation: null when there is none
  PhotoBatches* photos = nullptr;                  // the streamed training photos, for counts
  std::size_t train_images = 0, validation_images = 0;
  std::string description;  // of the training data, as this process read it
  std::string checksum;     // data-parallel runs: of the data, as this process sees it
  ImageSet shown;
};

// The pixels of images held in memory.
void add_pixels(Checksum& checksum, const ImageSet& images) {
  for (const Image8& image : images.images) checksum.add(image.data(), image.sample_count());
}

// Streamed photos: their paths and sizes (reading every photo would take an epoch).
void add_files(Checksum& checksum, const PhotoIndex& index,
               const std::vector<std::size_t>& members) {
  for (const std::size_t member : members) {
    const std::string& file = index.files[member];
    std::error_code error;
    const std::uintmax_t size = fs::file_size(file, error);
    checksum.add(file.data(), file.size() + 1);  // with the terminating zero, as a separator
    checksum.add(&size, sizeof size);
  }
}

// Targets for a new run: fitted by rank 0 alone and handed to the other processes, so that every
// process trains towards the same palette or bin weights.
void fit_or_receive_targets(const TrainConfig& config, RunState& state, DataParallel* parallel,
                            const std::function<ImageSet()>& training_sample,
                            const std::string& description) {
  const bool leader = parallel == nullptr || parallel->leader();
  if (leader) {
    state.targets = fit_targets(config, training_sample());
    state.data_description = description;
  }
  if (parallel == nullptr) return;
  const std::string text = parallel->from_leader("run-state", leader ? run_state_text(state) : "");
  if (leader) return;
  const RunState shared = run_state_from_text(text, "rank 0's run state");
  state.targets = shared.targets;
  state.data_description = shared.data_description;
}

RunBatches prepare_batches(const TrainConfig& config, RunState& state, bool resume,
                           const torch::Device& device, DataParallel* parallel) {
  RunBatches run;
  const bool needs_ab = config.hints || config.regression_weight > 0;
  EpochShard shard;
  if (parallel != nullptr) shard = {parallel->rank(), parallel->size()};
  EpochShard validation_shard = shard;
  validation_shard.even = false;
  if (streams_photos(config)) {
    const PhotoRunData data = plan_photo_data(config);
    run.description = data.description;
    if (parallel != nullptr) {
      Checksum checksum;
      add_files(checksum, *data.train_index, data.train);
      add_files(checksum, *data.validation_index, data.validation);
      run.checksum = checksum.text();
    }
    if (!resume) {
      constexpr std::size_t kTargetSample = 1000;  // photos for the palette or the bins' prior
      fit_or_receive_targets(
          config, state, parallel,
          [&] {
            return read_photo_sample(*data.train_index, data.train, kTargetSample,
                                     config.image_size);
          },
          data.description);
    }
    PhotoBatchSettings settings;
    settings.crop = crop_settings_of(config);
    settings.flip = config.flip;
    settings.batch_size = config.batch_size;
    // On a CPU the training step is far slower than decoding: one loader thread keeps ahead and
    // leaves the cores to LibTorch. A GPU needs every core decoding.
    settings.threads = config.loader_threads > 0 ? config.loader_threads : device.is_cuda() ? 0 : 1;
    settings.seed = config.seed;
    settings.tensors.with_ab = needs_ab;
    settings.shard = shard;
    auto train =
        std::make_unique<PhotoBatches>(data.train_index, data.train, state.targets, settings);
    run.photos = train.get();
    run.train = streamed_batches(std::move(train), device);
    run.train_images = data.train.size();
    if (!data.validation.empty()) {
      settings.random_crops = false;
      settings.shard = validation_shard;
      run.validation =
          streamed_batches(std::make_unique<PhotoBatches>(data.validation_index, data.validation,
                                                          state.targets, settings),
                           device);
      run.validation_images = data.validation.size();
    }
    run.shown = read_photo_sample(*data.validation_index,
                                  data.validation.empty() ? data.train : data.validation, 8,
                                  config.image_size);
    return run;
  }
  const Splits splits = load_training_data(config);
  run.description = splits.train.description;
  if (parallel != nullptr) {
    Checksum checksum;
    add_pixels(checksum, splits.train);
    add_pixels(checksum, splits.validation);
    run.checksum = checksum.text();
  }
  if (!resume)
    fit_or_receive_targets(
        config, state, parallel, [&] { return splits.train; }, splits.train.description);
  const TensorOptions options{needs_ab, true};
  run.train = tensor_batches(make_tensors(splits.train, state.targets, options).to(device),
                             config.batch_size, true, config.flip, config.seed, shard);
  run.train_images = splits.train.size();
  if (splits.validation.size() > 0) {
    run.validation =
        tensor_batches(make_tensors(splits.validation, state.targets, options).to(device),
                       config.batch_size, false, false, 0, validation_shard);
    run.validation_images = splits.validation.size();
  }
  run.shown = splits.validation.size() > 0 ? splits.validation : splits.train;
  return run;
}

// What every process of a data-parallel run must agree on: the settings and how it runs.
Json settings_fingerprint(const TrainConfig& requested, const TrainOptions& options) {
  Json json = Json::object();
  json["tint"] = TINT_VERSION;
  json["settings"] = to_json(requested);
  json["resume"] = options.resume;
  json["export"] = options.export_onnx;
  json["backend"] = options.data_parallel.backend;
  json["synchronise_batch_norm"] = options.data_parallel.synchronise_batch_norm;
  json["dist_timeout"] = options.data_parallel.timeout_seconds;
  json["scale_learning_rate"] = options.scale_learning_rate;
  json["world_size"] = options.launch.world_size;
  return json;
}

// The seed of dropout and simulated hints for one step: the same when a run resumes in the middle
// of an epoch, drawn apart on each process of a data-parallel run.
std::uint64_t step_seed(std::uint64_t seed, int epoch, std::int64_t batch, int rank) {
  return seed + 1 + 0x100000001B3ull * std::uint64_t(epoch) +
         0xBF58476D1CE4E5B9ull * std::uint64_t(batch) + 0x9E3779B97F4A7C15ull * std::uint64_t(rank);
}

// When a run writes its mid-epoch checkpoint and when it stops: read off rank 0's clock, so that
// every process of a data-parallel run checkpoints and stops after the same step.
class RunClock {
 public:
  RunClock(double checkpoint_minutes, double stop_after_minutes, DataParallel* parallel)
      : checkpoint_seconds_(checkpoint_minutes * 60.0),
        stop_seconds_(stop_after_minutes * 60.0),
        parallel_(parallel) {}

  struct Due {
    bool checkpoint = false, stop = false;
  };
  Due after_step() {
    if (checkpoint_seconds_ <= 0 && stop_seconds_ <= 0) return {};
    const auto now = Clock::now();
    Due due;
    due.stop = stop_seconds_ > 0 && seconds(start_, now) >= stop_seconds_;
    due.checkpoint = due.stop || (checkpoint_seconds_ > 0 &&
                                  seconds(last_checkpoint_, now) >= checkpoint_seconds_);
    if (parallel_ != nullptr) {
      torch::Tensor flags = torch::tensor({parallel_->leader() && due.checkpoint ? 1.0 : 0.0,
                                           parallel_->leader() && due.stop ? 1.0 : 0.0},
                                          torch::kDouble)
                                .to(parallel_->group().device());
      parallel_->sum(flags, "agreeing on the next checkpoint");
      flags = flags.cpu();
      due.checkpoint = flags[0].item<double>() > 0;
      due.stop = flags[1].item<double>() > 0;
    }
    return due;
  }
  void checkpoint_written() { last_checkpoint_ = Clock::now(); }

 private:
  using Clock = std::chrono::steady_clock;
  static double seconds(Clock::time_point from, Clock::time_point to) {
    return std::chrono::duration<double>(to - from).count();
  }
  double checkpoint_seconds_, stop_seconds_;
  DataParallel* parallel_;
  Clock::time_point start_ = Clock::now(), last_checkpoint_ = start_;
};

// A file removed when this goes out of scope (a checkpoint received from rank 0).
struct RemovedOnExit {
  std::string path;
  RemovedOnExit() = default;
  RemovedOnExit(const RemovedOnExit&) = delete;
  RemovedOnExit& operator=(const RemovedOnExit&) = delete;
  ~RemovedOnExit() {
    std::error_code error;
    if (!path.empty()) fs::remove(path, error);
  }
};

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
  ImageSet separate_validation;
  if (!config.validation_data.empty()) {
    if (config.data == "cifar10")
      fail("--validation-data", "is for image folders; CIFAR-10 runs split their own");
    ImageFolderOptions options;
    options.size = config.image_size;
    separate_validation = read_image_folder(config.validation_data, options);
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
  if (separate_validation.size() > 0) {  // the folder's photos replace the drawn validation part
    splits.train.images.insert(splits.train.images.end(), splits.validation.images.begin(),
                               splits.validation.images.end());
    splits.train.labels.insert(splits.train.labels.end(), splits.validation.labels.begin(),
                               splits.validation.labels.end());
    splits.validation = std::move(separate_validation);
  }
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
  // A data-parallel run joins its other processes first: they must agree on everything below.
  torch::Device device = choose_device(requested.device);
  std::unique_ptr<DataParallel> parallel;
  if (options.launch.launched) {
    // One GPU per local process; more processes than GPUs share them (with Gloo: NCCL refuses
    // two processes on one GPU).
    if (device.is_cuda())
      device = torch::Device(
          torch::kCUDA, torch::DeviceIndex(options.launch.local_rank %
                                           std::max<int>(1, int(torch::cuda::device_count()))));
    parallel = std::make_unique<DataParallel>(options.launch, options.data_parallel, device,
                                              settings_fingerprint(requested, options));
  }
  const bool leader = parallel == nullptr || parallel->leader();
  const int processes = parallel ? parallel->size() : 1;

  // Resumed when asked, or when torchrun restarted the run after a failure and the checkpoint is
  // this run's, started by the same command (rank 0 decides: only it sees the run folder).
  bool resume = options.resume;
  if (!resume && options.launch.restart_count > 0 && leader && fs::exists(checkpoint)) {
    resume = read_run_state(checkpoint).command == options.command;
    if (resume)
      std::fprintf(stderr, "note: restart %d of this run: resuming from %s\n",
                   options.launch.restart_count, checkpoint.c_str());
    else
      std::fprintf(stderr,
                   "note: restart %d of this run: not resuming from %s, another command's run\n",
                   options.launch.restart_count, checkpoint.c_str());
  }
  if (parallel) resume = parallel->from_leader("resume", resume ? "1" : "0") == "1";

  if (resume && !options.init_from.empty())
    fail("--init-from", "starts a new run from a checkpoint's weights; --resume continues one");
  RunState state;
  state.config = requested;
  // Rank 0's checkpoint, copied to the other processes (they may be on other machines).
  std::string readable_checkpoint = checkpoint;
  RemovedOnExit received_checkpoint;
  if (resume) {
    if (leader && !fs::exists(checkpoint)) fail("--resume", "no checkpoint at " + checkpoint);
    if (parallel) {
      const std::vector<std::uint8_t> bytes =
          leader ? read_file(checkpoint) : std::vector<std::uint8_t>();
      const std::string shared =
          parallel->from_leader("checkpoint", std::string(bytes.begin(), bytes.end()));
      if (!leader) {
        received_checkpoint.path =
            (fs::temp_directory_path() / ("tint-rank" + std::to_string(parallel->rank()) + "-" +
                                          std::to_string(::getpid()) + "-checkpoint.pt"))
                .string();
        write_file_atomic(received_checkpoint.path, shared);
        readable_checkpoint = received_checkpoint.path;
      }
    }
    state = read_run_state(readable_checkpoint);
    if (state.config.preset != requested.preset)
      fail("--resume", checkpoint + " is a checkpoint of preset '" + state.config.preset +
                           "', not '" + requested.preset + "'");
    // A resumed run is the same run; only its length may change.
    if (!options.keep_run_length) {
      state.config.epochs = requested.epochs;
      state.config.max_steps = requested.max_steps;
    }
    if (state.processes != processes) {
      const int batch = state.config.batch_size;
      std::string note =
          "note: resuming a run of " + std::to_string(state.processes) + " process(es) with " +
          std::to_string(processes) + ": the global batch changes from " +
          std::to_string(batch * state.processes) + " to " + std::to_string(batch * processes) +
          " (--batch-size " + std::to_string(batch) + " per process)";
      if (options.scale_learning_rate) {
        state.config.learning_rate *= double(processes) / double(state.processes);
        note += "; the learning rate scales with it to " + number_text(state.config.learning_rate);
      } else {
        note += "; the learning rate stays " + number_text(state.config.learning_rate) +
                " (--scale-learning-rate scales it with the batch)";
      }
      if (leader) std::fprintf(stderr, "%s\n", note.c_str());
    }
  }
  state.processes = processes;
  const TrainConfig& config = state.config;
  if (config.epochs < 1) fail("--epochs", "must be >= 1");
  if (config.batch_size < 1) fail("--batch-size", "must be >= 1");
  if (!(config.learning_rate > 0)) fail("--learning-rate", "must be > 0");
  learning_rate_at(config, 0);  // an unknown schedule, before any data is read
  // Bad settings are named before any data is read.
  const ModelSpec checked = build_model_spec(config, output_channels(config));
  infer_shapes(checked);
  if (config.stream) validate_crop_settings(crop_settings_of(config));
  if (config.data != "cifar10" && checked.input_size == 0 &&
      config.image_size % checked.size_multiple != 0)
    fail("--size", std::to_string(config.image_size) + " is not a multiple of " +
                       std::to_string(checked.size_multiple) + ", as the " + checked.architecture +
                       " model needs");
  keep_freed_memory_for_reuse();
  // The processes on one machine share its cores.
  const int cores = int(std::max(1u, std::thread::hardware_concurrency()));
  torch::set_num_threads(config.threads > 0
                             ? config.threads
                             : std::max(1, cores / std::max(1, options.launch.local_world_size)));
  std::error_code error;
  if (leader) {
    fs::create_directories(options.run_dir, error);
    if (error) fail(options.run_dir, "cannot create the run folder: " + error.message());
    if (!resume) {  // a new run in a used folder: the old run's log is not this one's
      fs::remove(metrics_jsonl_path(options.run_dir), error);
      fs::remove(metrics_csv_path(options.run_dir), error);
    }
  }

  if (!resume) {
    state.command = options.command;
    state.machine = describe_machine(device.is_cuda());
    if (parallel) state.machine += ", " + std::to_string(processes) + " processes";
    state.config.data_terms = data_terms_of(config);
  }
  RunBatches run = prepare_batches(config, state, resume, device, parallel.get());
  if (parallel) {
    Json data = Json::object();
    data["training_images"] = run.train_images;
    data["validation_images"] = run.validation_images;
    data["description"] = run.description;
    data["checksum"] = run.checksum;  // the same images, not only as many
    parallel->require_same(data, "data");
  }
  const TargetSpec& targets = state.targets;

  const ModelSpec spec = build_model_spec(config, targets.outputs());
  const StepSettings step = resolve_step_settings(config.precision, config.memory_format, device);
  // Every batch has the same shape: let cuDNN time its kernels once and keep the fastest.
  if (device.is_cuda()) at::globalContext().setBenchmarkCuDNN(true);
  torch::manual_seed(config.seed);
  SpecNetwork network(spec);
  network->to(device);
  torch::optim::Adam optimizer(network->trainable_parameters(),
                               torch::optim::AdamOptions(config.learning_rate));
  if (resume) {
    load_checkpoint(readable_checkpoint, *network, &optimizer);
  } else if (!options.init_from.empty()) {
    const std::string how = start_from_checkpoint(options.init_from, *network);
    state.initialised_from = options.init_from;
    if (leader) std::fprintf(stderr, "note: %s\n", how.c_str());
  } else if (spec.encoder_layers > 0) {
    if (config.encoder_weights.empty())
      fail("--encoder-weights", "the " + spec.architecture +
                                    " architecture starts from a pretrained encoder: name its "
                                    "ONNX file (mobilenetv2-12-int8.onnx)");
    load_mobilenet_v2_weights(*network, config.encoder_weights);
  }
  if (step.channels_last) to_channels_last(*network);
  if (parallel) parallel->attach(*network);

  if (leader) {
    std::string processes_text;
    if (parallel)
      processes_text = ", " + std::to_string(processes) + " processes (" + parallel->backend() +
                       "), batch " + std::to_string(config.batch_size) + " per process, " +
                       std::to_string(config.batch_size * processes) + " in all, " +
                       std::to_string(parallel->gradient_bytes_per_step()) +
                       " bytes all-reduced per step in " +
                       std::to_string(parallel->gradient_buckets()) + " bucket(s)" +
                       (parallel->synchronises_batch_norm() ? ", synchronised batch norm" : "");
    std::fprintf(stderr, "%s: %s, %lld parameters, %zu train / %zu validation images%s, %s%s%s%s\n",
                 config.preset.c_str(), spec.architecture.c_str(),
                 static_cast<long long>(parameter_count(spec)), run.train_images,
                 run.validation_images, run.photos != nullptr ? " (streamed)" : "",
                 device.is_cuda() ? "cuda" : "cpu",
                 step.bfloat16 ? ", bfloat16 mixed precision" : "",
                 step.channels_last ? ", channels-last" : "", processes_text.c_str());
  }
  TrainResult result;
  result.stop_reason = "epochs";
  std::size_t steps = 0;
  const std::int64_t n = run.train->images_per_epoch() * processes;
  // Losses are read back in groups: a host sync after every step would leave a GPU idle.
  const std::size_t read_every = device.is_cuda() ? 32 : 1;
  struct PendingLoss {
    torch::Tensor totals;  // the step's loss summed over its examples, and their number
    std::int64_t batch;    // the batch's number in this epoch (from 1)
  };
  const int first_epoch = state.epoch;
  const int rank = parallel ? parallel->rank() : 0;
  RunClock clock(options.checkpoint_minutes, options.stop_after_minutes, parallel.get());
  bool out_of_time = false;
  for (int epoch = state.epoch; epoch < config.epochs && !out_of_time; ++epoch) {
    const auto start = std::chrono::steady_clock::now();
    // A checkpoint from the middle of this epoch: its first batches are trained already.
    const bool resumed_epoch = epoch == first_epoch && state.epoch_batches > 0;
    const std::int64_t first_batch = resumed_epoch ? state.epoch_batches : 0;
    const double earlier_seconds = resumed_epoch ? state.epoch_seconds : 0.0;
    // Derived from the epoch alone, so a resumed run continues the schedule exactly.
    const double learning_rate = learning_rate_at(config, epoch);
    for (torch::optim::OptimizerParamGroup& group : optimizer.param_groups())
      static_cast<torch::optim::AdamOptions&>(group.options()).lr(learning_rate);
    network->train();
    run.train->start_epoch(epoch, first_batch);
    ProgressBar bar("epoch " + std::to_string(epoch + 1) + "/" + std::to_string(config.epochs), n,
                    "img", options.progress && leader);
    double loss_sum = resumed_epoch ? state.epoch_loss_sum : 0.0;
    std::int64_t seen = resumed_epoch ? state.epoch_examples : 0, batches = first_batch;
    std::vector<PendingLoss> pending;
    const auto read_back = [&] {
      if (pending.empty()) return;
      std::vector<torch::Tensor> values;
      for (const PendingLoss& loss : pending) values.push_back(loss.totals);
      const torch::Tensor host = torch::stack(values).to(torch::kCPU, torch::kDouble);
      const double* read = host.data_ptr<double>();
      for (std::size_t i = 0; i < pending.size(); ++i) {
        const double sum = read[2 * i], examples = read[2 * i + 1];
        if (examples == 0) continue;  // no process had a usable photo
        if (!std::isfinite(sum))
          fail("train",
               "the loss became " + std::to_string(sum / examples) + " at epoch " +
                   std::to_string(epoch + 1) + ", batch " + std::to_string(pending[i].batch) +
                   "; stopped" +
                   (fs::exists(checkpoint) ? ", keeping the last good checkpoint " + checkpoint
                                           : std::string(" before any checkpoint was written")) +
                   "; try a lower --learning-rate");
        loss_sum += sum;
        seen += std::int64_t(examples);
      }
      pending.clear();
      char status[64];
      std::snprintf(status, sizeof status, " loss %.4f",
                    loss_sum / double(std::max<std::int64_t>(seen, 1)));
      bar.update(seen, status);
    };
    const auto epoch_seconds = [&] {
      return earlier_seconds +
             std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    };
    TensorSet batch;
    while (run.train->next(batch)) {
      optimizer.zero_grad();
      torch::manual_seed(step_seed(config.seed, epoch, batches, rank));
      torch::Tensor totals;
      if (batch.size() > 0) {
        torch::Tensor loss;
        {
          BFloat16Autocast autocast(step.bfloat16);
          loss = training_loss(*network, batch, targets, config);
        }
        if (parallel) {
          parallel->begin_step(batch.size(), loss);
          (loss * double(batch.size())).backward();  // the sum: see GradientAllReduce
        } else {
          loss.backward();
        }
        totals = torch::stack(
            {loss.detach().to(torch::kDouble) * double(batch.size()),
             torch::full({}, double(batch.size()), loss.options().dtype(torch::kDouble))});
      } else {  // a streamed batch whose photos were all unusable, in a data-parallel run
        parallel->begin_step(0, torch::Tensor());
        if (parallel->synchronises_batch_norm()) {
          // The others' batch norm layers wait for this process's statistics (none) and
          // gradients (zero): an empty batch goes through the network and back.
          BFloat16Autocast autocast(step.bfloat16);
          const torch::Tensor nothing =
              torch::zeros({0, spec.input_channels, config.image_size, config.image_size},
                           torch::TensorOptions(device));
          (network->forward(nothing).sum() * 0.0).backward();
        }
      }
      bool step_taken = true;
      if (parallel) {
        const StepTotals all = parallel->finish_step();
        totals = torch::stack({all.loss_sum, all.examples}).to(torch::kDouble);
        // No process had an example: no step (Adam would move the weights on its momentum).
        if (batch.size() == 0) step_taken = all.examples.item<double>() > 0;
      }
      if (step_taken) optimizer.step();
      pending.push_back({totals, ++batches});
      const bool last_step = config.max_steps > 0 && ++steps >= config.max_steps;
      if (pending.size() >= read_every || last_step) read_back();
      if (last_step) break;
      const RunClock::Due due = clock.after_step();
      if (due.checkpoint) {
        read_back();
        state.epoch_batches = batches;
        state.epoch_loss_sum = loss_sum;
        state.epoch_examples = seen;
        state.epoch_seconds = epoch_seconds();
        if (leader) save_checkpoint(checkpoint, *network, &optimizer, state);
        clock.checkpoint_written();
        if (leader && !options.progress)  // a log without progress bars still shows the way
          std::fprintf(stderr, "checkpoint: epoch %d, %lld of %lld images, loss %.4f, %.1f img/s\n",
                       epoch + 1, static_cast<long long>(seen), static_cast<long long>(n),
                       loss_sum / double(std::max<std::int64_t>(seen, 1)),
                       double(seen) / std::max(state.epoch_seconds, 1e-9));
      }
      if (due.stop) {
        out_of_time = true;
        break;
      }
    }
    if (out_of_time) {  // even on the epoch's last batch: a resumed run validates it
      // The speed of the epoch so far (its part before a resume included), as an epoch's record.
      result.images_per_second = double(seen) / std::max(state.epoch_seconds, 1e-9);
      bar.finish(" stopped (--stop-after); --resume continues from here");
      break;
    }
    read_back();
    const double train_seconds = epoch_seconds();
    EpochRecord record;
    record.epoch = epoch + 1;
    record.train_loss = loss_sum / double(std::max<std::int64_t>(seen, 1));
    if (parallel) parallel->share_buffers(*network);  // batch norm: rank 0's statistics
    record.validation_loss =
        run.validation ? mean_loss(*network, *run.validation, targets, config, step, parallel.get())
                       : record.train_loss;
    record.learning_rate = learning_rate;
    record.seconds = epoch_seconds();
    record.images_per_second = double(seen) / train_seconds;  // training steps alone
    record.processes = processes;
    record.global_batch = std::int64_t(config.batch_size) * processes;
    char status[96];
    std::snprintf(status, sizeof status, " loss %.4f, validation %.4f", record.train_loss,
                  record.validation_loss);
    bar.finish(status);
    result.images_per_second = record.images_per_second;
    if (leader) append_epoch_record(options.run_dir, record);
    if (run.photos != nullptr && epoch == first_epoch) report_left_out(*run.photos, parallel.get());

    state.epoch = epoch + 1;
    state.seconds += record.seconds;
    state.epoch_batches = 0;
    state.epoch_loss_sum = 0.0;
    state.epoch_examples = 0;
    state.epoch_seconds = 0.0;
    const bool improved =
        state.best_epoch == 0 || record.validation_loss < state.best_validation_loss;
    if (improved) {
      state.best_validation_loss = record.validation_loss;
      state.best_epoch = state.epoch;
      state.epochs_since_best = 0;
    } else {
      ++state.epochs_since_best;
    }
    if (leader) {  // the other processes hold the same weights
      if (improved) save_checkpoint(best, *network, nullptr, state);
      save_checkpoint(checkpoint, *network, &optimizer, state);
    }
    clock.checkpoint_written();
    if (config.max_steps > 0 && steps >= config.max_steps) {
      result.stop_reason = "max steps";
      break;
    }
    if (config.patience > 0 && state.epochs_since_best >= config.patience) {
      result.stop_reason = "early stopping";
      break;
    }
  }
  if (out_of_time) result.stop_reason = "time limit";
  result.epochs = state.epoch;
  result.best_epoch = state.best_epoch;
  result.best_validation_loss = state.best_validation_loss;
  if (!leader) return result;
  if (!fs::exists(best)) return result;  // stopped before its first epoch ended: nothing to report

  LoadedModel best_model = load_model(best);
  const ModelCard card = model_card_of(best_model.state, spec);
  write_run_report(options.run_dir, read_epoch_records(metrics_jsonl_path(options.run_dir)),
                   examples_of(*best_model.network, card, run.shown, 8));
  if (options.export_onnx)
    export_checkpoint(best, (fs::path(options.run_dir) / "model.onnx").string());
  return result;
}

ModelCard export_checkpoint(const std::string& checkpoint, const std::string& path,
                            const std::string& name, const std::string& description,
                            float temperature) {
  const LoadedModel model = load_model(checkpoint);
  ModelCard card = model_card_of(model.state, model.network->spec());
  if (!name.empty()) card.name = name;
  if (!description.empty()) card.description = description;
  if (temperature > 0.0f) {
    if (card.mode != ModelMode::kBins313)
      fail("--temperature", "only a bins model decodes at a temperature; " + checkpoint +
                                " holds a " + to_string(card.mode) + " model");
    card.temperature = temperature;
  }
  const fs::path evaluation = fs::path(checkpoint).parent_path() / "evaluation.json";
  if (fs::exists(evaluation)) {
    const std::string where = evaluation.string();
    const Json json = parse_json(read_text_file(where), where);
    // A test split's evaluation holds "model"; one on full-size photos (`tint eval --photos`) the
    // model's metrics per number of simulated hints, of which the card takes those without.
    const bool photos = json.contains("model_with_hints");
    const std::string model_key = photos ? "model_with_hints.0" : "model";
    const Json& evaluated = photos ? json_at(json_at(json, "model_with_hints", where), "0", where)
                                   : json_at(json, "model", where);
    for (const auto& [metric, value] : json_object(evaluated, where + ": " + model_key))
      card.metrics[metric] = json_number(value, where + ": " + model_key + "." + metric);
    for (const auto& [metric, value] :
         json_object(json_at(json, "baseline", where), where + ": baseline"))
      card.baseline_metrics[metric] = json_number(value, where + ": baseline." + metric);
  }
  card.created = utc_now_iso8601();
  export_onnx(*model.network, card, path);
  return card;
}

}  // namespace tint::trainer
