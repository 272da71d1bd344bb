// Streamed photo folders: the index and its errors, random-resized crops, the batch loader
// (bounded, deterministic whatever the thread count, leaving bad files out), training a hint
// model from a folder and resuming it exactly, and the simulated hints against the core's.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "data/photo_folders.hpp"
#include "evaluation/evaluate.hpp"
#include "evaluation/inference.hpp"
#include "test_support.hpp"
#include "tint/color_space.hpp"
#include "tint/file_io.hpp"
#include "tint/hints.hpp"
#include "tint/image_io.hpp"
#include "tint/json.hpp"
#include "tiny_runs.hpp"
#include "training/batch_sources.hpp"
#include "training/hint_simulation.hpp"
#include "training/photo_batches.hpp"

namespace tint::trainer {
namespace {
namespace fs = std::filesystem;
using test::error_of;

// A photo of 4 coloured blocks whose colours depend on `seed`, `width` x `height`.
Image8 block_photo(int width, int height, int seed) {
  Image8 photo(width, height, 3);
  for (int y = 0; y < height; ++y)
    for (int x = 0; x < width; ++x) {
      const int block = (x * 2 / width) + 2 * (y * 2 / height);
      std::uint8_t* p = photo.pixel(x, y);
      p[0] = std::uint8_t((seed * 37 + block * 60) % 256);
      p[1] = std::uint8_t((seed * 11 + block * 90 + x) % 256);
      p[2] = std::uint8_t((seed * 53 + block * 30 + y) % 256);
    }
  return photo;
}

// A folder of `count` colour photos of varied sizes, plus a gray one and a truncated JPEG in the
// middle of the sorted order.
fs::path photo_folder(const std::string& name, int count) {
  const fs::path folder = fresh_folder(name);
  fs::create_directories(folder / "sub");
  for (int i = 0; i < count; ++i)
    write_png(
        (folder / (i % 2 ? "sub" : ".") / ("photo" + std::to_string(100 + i) + ".png")).string(),
        block_photo(40 + 7 * (i % 5), 30 + 5 * (i % 4), i));
  Image8 gray(48, 48, 3);
  write_png((folder / "photo105a_gray.png").string(), gray);
  const std::vector<std::uint8_t> jpeg = read_file(test::fixture("baseline.jpg"));
  const std::vector<std::uint8_t> cut(jpeg.begin(), jpeg.begin() + std::ptrdiff_t(jpeg.size() / 2));
  write_file_atomic((folder / "photo105b_cut.jpg").string(), cut);
  return folder;
}

TEST(PhotoFolders, IndexAndItsErrors) {
  const fs::path folder = photo_folder("index", 6);
  const PhotoIndex index = index_photo_folders({folder.string()});
  EXPECT_EQ(index.files.size(), 8u);
  EXPECT_NE(index.description.find("(8 images)"), std::string::npos);
  const PhotoIndex twice = index_photo_folders({folder.string(), (folder / "sub").string()});
  EXPECT_EQ(twice.files.size(), 11u);

  EXPECT_EQ(error_of([&] { index_photo_folders({(folder / "missing").string()}); }),
            (folder / "missing").string() + ": photo folder not found");
  fs::create_directories(folder / "empty");
  EXPECT_EQ(error_of([&] { index_photo_folders({(folder / "empty").string()}); }),
            (folder / "empty").string() + ": holds no image file (PNG, JPEG, BMP, GIF or TGA)");
  EXPECT_EQ(error_of([&] { index_photo_folders({(folder / "photo100.png").string()}); }),
            (folder / "photo100.png").string() + ": not a folder (give a folder of photos)");
  EXPECT_EQ(split_folder_list("a:b", "--data"), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(error_of([] { split_folder_list("a::b", "--data"); }),
            "--data: 'a::b' has an empty folder name; separate folders with ':'");
  fs::remove_all(folder);
}

TEST(PhotoFolders, CropSettingsAreChecked) {
  CropSettings settings;
  settings.side = 16;
  EXPECT_EQ(error_of([&] { validate_crop_settings(settings); }),
            "--size: crop side 16 is outside 32..256");
  settings.side = 300;
  EXPECT_EQ(error_of([&] { validate_crop_settings(settings); }),
            "--size: crop side 300 is outside 32..256");
  settings.side = 64;
  settings.scale_min = 0.0;
  EXPECT_NE(error_of([&] { validate_crop_settings(settings); }).find("--crop-scale-min"),
            std::string::npos);
  settings.scale_min = 0.5;
  settings.scale_max = 0.4;
  EXPECT_NE(error_of([&] { validate_crop_settings(settings); }).find("--crop-scale-max"),
            std::string::npos);
  settings.scale_max = 1.0;
  settings.aspect_max = 9.0;
  EXPECT_NE(error_of([&] { validate_crop_settings(settings); }).find("--crop-aspect-max"),
            std::string::npos);
}

TEST(PhotoFolders, RandomCropsKeepToTheirRanges) {
  const CropSettings settings{64, 0.3, 0.8, 0.75, 4.0 / 3.0};
  Random random(5);
  int mirrored = 0;
  for (int i = 0; i < 2000; ++i) {
    const CropWindow w = random_crop_window(500, 375, settings, true, random);
    ASSERT_GE(w.left, 0);
    ASSERT_GE(w.top, 0);
    ASSERT_LE(w.left + w.width, 500);
    ASSERT_LE(w.top + w.height, 375);
    const double share = double(w.width) * w.height / (500.0 * 375.0);
    const double aspect = double(w.width) / w.height;
    if (w.width == w.height && w.width == 375) continue;  // the fallback square
    EXPECT_GT(share, 0.29);
    EXPECT_LT(share, 0.81);
    EXPECT_GT(aspect, 0.74);
    EXPECT_LT(aspect, 1.35);
    mirrored += w.mirror;
  }
  EXPECT_GT(mirrored, 850);
  EXPECT_LT(mirrored, 1150);
  const CropWindow centre = centre_square_window(500, 375);
  EXPECT_EQ(centre.left, 62);
  EXPECT_EQ(centre.width, 375);
}

TrainConfig photo_config(const fs::path& photos) {
  TrainConfig config = tiny("photo");
  config.data = photos.string();
  config.max_images = 0;
  config.validation_fraction = 0.2;
  config.batch_size = 4;
  return config;
}

std::vector<TensorSet> one_epoch(const fs::path& photos, int threads, int epoch, bool random) {
  const TrainConfig config = photo_config(photos);
  const PhotoRunData data = plan_photo_data(config);
  TargetSpec targets =
      fit_targets(config, read_photo_sample(*data.train_index, data.train, 50, 32));
  PhotoBatchSettings settings;
  settings.crop.side = 32;
  settings.random_crops = random;
  settings.batch_size = 3;
  settings.threads = threads;
  settings.seed = 9;
  settings.tensors.with_ab = true;
  PhotoBatches batches(data.train_index, data.train, targets, settings);
  batches.start_epoch(epoch);
  std::vector<TensorSet> all;
  TensorSet batch;
  while (batches.next(batch)) all.push_back(batch);
  const PhotoCounts counts = batches.counts();
  EXPECT_EQ(counts.unreadable + counts.gray + counts.used, data.train.size());
  return all;
}

bool same_batches(const std::vector<TensorSet>& a, const std::vector<TensorSet>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (!a[i].input.equal(b[i].input) || !a[i].target.equal(b[i].target) || !a[i].ab.equal(b[i].ab))
      return false;
  return true;
}

TEST(PhotoBatches, SameBatchesWhateverTheThreadsAndNewOnesEachEpoch) {
  const fs::path photos = photo_folder("batches", 24);
  const std::vector<TensorSet> one = one_epoch(photos, 1, 0, true);
  const std::vector<TensorSet> three = one_epoch(photos, 3, 0, true);
  EXPECT_TRUE(same_batches(one, three));
  EXPECT_FALSE(same_batches(one, one_epoch(photos, 2, 1, true)));
  std::int64_t images = 0;
  for (const TensorSet& batch : one) {
    EXPECT_LE(batch.size(), 3);
    EXPECT_EQ(batch.input.size(2), 32);
    EXPECT_EQ(batch.ab.size(1), 2);
    images += batch.size();
  }
  // 26 files, 20 % held out for validation; the gray one and the cut JPEG, if drawn for
  // training, are left out.
  EXPECT_GE(images, 19);
  EXPECT_LE(images, 21);
  // Validation batches: centred squares, in order, the same every time.
  EXPECT_TRUE(same_batches(one_epoch(photos, 2, 0, false), one_epoch(photos, 1, 3, false)));
  fs::remove_all(photos);
}

TEST(PhotoBatches, BadFilesAreCountedAndNamed) {
  const fs::path photos = photo_folder("bad_files", 4);
  const PhotoIndex index = index_photo_folders({photos.string()});
  std::vector<std::size_t> all(index.files.size());
  for (std::size_t i = 0; i < all.size(); ++i) all[i] = i;
  TargetSpec targets;
  targets.mode = ModelMode::kAb;
  PhotoBatchSettings settings;
  settings.crop.side = 32;
  settings.batch_size = 2;
  settings.threads = 2;
  PhotoBatches batches(std::make_shared<const PhotoIndex>(index), all, targets, settings);
  batches.start_epoch(0);
  TensorSet batch;
  std::int64_t images = 0;
  while (batches.next(batch)) images += batch.size();
  EXPECT_EQ(images, 4);
  const PhotoCounts counts = batches.counts();
  EXPECT_EQ(counts.used, 4u);
  EXPECT_EQ(counts.unreadable, 1u);
  EXPECT_EQ(counts.gray, 1u);
  ASSERT_EQ(batches.warnings().size(), 1u);
  EXPECT_NE(batches.warnings()[0].find("photo105b_cut.jpg"), std::string::npos);
  fs::remove_all(photos);
}

TEST(PhotoTraining, FolderWithoutAColourPhotoIsRefused) {
  const fs::path folder = fresh_folder("all_gray");
  fs::create_directories(folder);
  for (int i = 0; i < 3; ++i)
    write_png((folder / (std::to_string(i) + ".png")).string(), Image8(40, 40, 3));
  TrainConfig config = photo_config(folder);
  const std::string error = error_of([&] { train(config, quiet(fresh_folder("all_gray_run"))); });
  EXPECT_NE(error.find("no colour photo could be read"), std::string::npos) << error;
  config.data = (folder / "missing").string();
  EXPECT_EQ(error_of([&] { train(config, quiet(fresh_folder("missing_run"))); }),
            (folder / "missing").string() + ": photo folder not found");
  config.data = folder.string();
  config.image_size = 512;
  EXPECT_EQ(error_of([&] { train(config, quiet(fresh_folder("big_run"))); }),
            "--size: crop side 512 is outside 32..256");
  config.image_size = 36;
  EXPECT_EQ(error_of([&] { train(config, quiet(fresh_folder("odd_run"))); }),
            "--size: 36 is not a multiple of 8, as the photo-unet model needs");
  fs::remove_all(folder);
}

TEST(PhotoTraining, StreamsTrainsAHintModelAndResumesExactly) {
  const fs::path photos = photo_folder("resume", 20);
  TrainConfig config = photo_config(photos);
  config.epochs = 2;
  const fs::path straight = fresh_folder("photo_straight"), resumed = fresh_folder("photo_resumed");
  train_straight_and_resumed(config, straight, resumed);
  expect_same_weights(straight, resumed);
  LoadedModel a = load_model((straight / "checkpoint.pt").string());

  // The card says the model takes hints and where its data came from; hints change the result.
  const ModelCard card = model_card_of(a.state, a.network->spec());
  EXPECT_TRUE(card.takes_hints);
  EXPECT_EQ(card.working_side, 160);
  EXPECT_EQ(card.training.terms, "");  // a folder of our own photos states no terms
  const Image8 photo = block_photo(96, 64, 3);
  const Image8 automatic = colorize_image(*a.network, card, photo, {64, 0.45f, {}});
  const Image8 hinted =
      colorize_image(*a.network, card, photo, {64, 0.45f, {{10, 10, {250, 0, 0}}}});
  EXPECT_NE(automatic.samples(), hinted.samples());
  fs::remove_all(straight);
  fs::remove_all(resumed);
  fs::remove_all(photos);
}

TEST(PhotoTraining, StopsInTheMiddleOfAnEpochAndContinuesExactly) {
  const fs::path photos = photo_folder("midway", 20);
  TrainConfig config = photo_config(photos);
  config.epochs = 2;
  const fs::path straight = fresh_folder("midway_straight"), stepwise = fresh_folder("stepwise");
  train(config, quiet(straight));

  // --stop-after of a microsecond: each stretch trains one batch and stops with a checkpoint,
  // written after every batch too (--checkpoint-minutes); its last stretch validates epoch 2.
  TrainOptions options = quiet(stepwise);
  options.stop_after_minutes = 1e-8;
  options.checkpoint_minutes = 1e-8;
  EXPECT_EQ(train(config, options).stop_reason, "time limit");
  const RunState first = read_run_state((stepwise / "checkpoint.pt").string());
  EXPECT_EQ(first.epoch, 0);
  EXPECT_EQ(first.epoch_batches, 1);
  EXPECT_GT(first.epoch_examples, 0);  // the batch's 4 photos, less a gray or damaged one
  EXPECT_LE(first.epoch_examples, 4);
  EXPECT_FALSE(fs::exists(stepwise / "best.pt"));  // no epoch has ended: nothing to report

  options.resume = true;
  int stretches = 1;
  std::string reason;
  do {
    reason = train(config, options).stop_reason;
    ASSERT_LT(++stretches, 40);
  } while (reason == "time limit");
  EXPECT_EQ(reason, "epochs");
  const std::vector<EpochRecord> a = read_epoch_records(metrics_jsonl_path(straight.string()));
  const std::vector<EpochRecord> b = read_epoch_records(metrics_jsonl_path(stepwise.string()));
  ASSERT_EQ(a.size(), 2u);
  ASSERT_EQ(b.size(), 2u);
  for (std::size_t epoch = 0; epoch < 2; ++epoch) {
    EXPECT_EQ(a[epoch].train_loss, b[epoch].train_loss) << "epoch " << epoch + 1;
    EXPECT_EQ(a[epoch].validation_loss, b[epoch].validation_loss) << "epoch " << epoch + 1;
  }
  const RunState last = read_run_state((stepwise / "checkpoint.pt").string());
  EXPECT_EQ(last.epoch, 2);
  EXPECT_EQ(last.epoch_batches, 0);
  // One stretch per batch of the two epochs (18 training files in batches of 4: 5 an epoch), and
  // one that validates the second.
  EXPECT_EQ(stretches, 2 * 5 + 1);
  expect_same_weights(straight, stepwise);
  fs::remove_all(straight);
  fs::remove_all(stepwise);
  fs::remove_all(photos);
}

TEST(PhotoTraining, ANewRunStartsFromAnotherRunsWeights) {
  const fs::path photos = photo_folder("init_from", 12);
  TrainConfig config = photo_config(photos);
  const fs::path source = fresh_folder("init_source"), branch = fresh_folder("init_branch");
  train(config, quiet(source));

  // A branch with its own crop side and a learning rate too small to move the weights: it starts
  // where the source ended, with a fresh optimizer.
  TrainConfig branched = config;
  branched.image_size = 48;
  branched.learning_rate = 1e-20;
  branched.max_steps = 1;
  TrainOptions options = quiet(branch);
  options.init_from = (source / "best.pt").string();
  train(branched, options);
  const LoadedModel a = load_model((source / "best.pt").string());
  const LoadedModel b = load_model((branch / "checkpoint.pt").string());
  const auto pa = a.network->parameters(), pb = b.network->parameters();
  ASSERT_EQ(pa.size(), pb.size());
  for (std::size_t i = 0; i < pa.size(); ++i)
    EXPECT_TRUE(torch::allclose(pa[i], pb[i], 0, 1e-12)) << "parameter " << i;
  EXPECT_EQ(b.state.config.image_size, 48);
  EXPECT_EQ(b.state.initialised_from, options.init_from);
  EXPECT_NE(model_card_of(b.state, b.network->spec()).description.find(options.init_from),
            std::string::npos);

  // Weights that do not fit (other filter counts), and --init-from with --resume, are refused
  // before training.
  TrainConfig other = config;
  other.filters = 8;
  const std::string error = error_of([&] { train(other, options); });
  EXPECT_NE(error.find(options.init_from + ": layer 0 (conv): has no place in the network"),
            std::string::npos)
      << error;
  options.resume = true;
  EXPECT_EQ(error_of([&] { train(config, options); }),
            "--init-from: starts a new run from a checkpoint's weights; --resume continues one");
  fs::remove_all(source);
  fs::remove_all(branch);
  fs::remove_all(photos);
}

TEST(PhotoTraining, TheCardCarriesTheEvaluationOnFullSizePhotos) {
  const fs::path photos = photo_folder("card_metrics", 12);
  const fs::path run = fresh_folder("card_metrics_run");
  train(photo_config(photos), quiet(run));
  LoadedModel model = load_model((run / "best.pt").string());
  PhotoEvaluationOptions options;
  options.simulated_hints = {0, 2};
  options.max_side = 64;
  const PhotoEvaluation evaluation = evaluate_photos(model, photos.string(), options);
  write_file_atomic((run / "evaluation.json").string(), dump_json(to_json(evaluation)));
  const ModelCard card =
      export_checkpoint((run / "best.pt").string(), (run / "model.onnx").string());
  EXPECT_EQ(card.metrics.at("psnr"), evaluation.model.at(0).at("psnr"));  // without hints
  EXPECT_EQ(card.baseline_metrics.at("psnr"), evaluation.baseline.at("psnr"));
  fs::remove_all(run);
  fs::remove_all(photos);
}

TEST(PhotoTraining, ImageNetFoldersCarryImageNetsTerms) {
  TrainConfig config = tiny("photo");
  EXPECT_NE(data_terms_of(config).find("non-commercial research"), std::string::npos);
  config.data_terms = "CC0";
  EXPECT_EQ(data_terms_of(config), "CC0");
  config.data = "/photos/holiday";
  config.data_terms.clear();
  EXPECT_EQ(data_terms_of(config), "");
}

TEST(HintSimulation, MatchesTheCoresHintPlanes) {
  // A photo's true ab; hints at three cells, one near a border, two overlapping.
  const Image8 photo = block_photo(16, 12, 4);
  ImageSet set;
  set.images = {photo};
  set.labels = {-1};
  TargetSpec targets;
  targets.mode = ModelMode::kAb;
  const TensorSet tensors = make_tensors(set, targets, {true, false});
  torch::Tensor points = torch::zeros({1, 1, 12, 16});
  const std::vector<std::pair<int, int>> cells = {{0, 5}, {7, 6}, {8, 7}};
  for (const auto& [x, y] : cells) points[0][0][y][x] = 1.0f;
  const torch::Tensor simulated = input_with_hints_at(tensors.input, tensors.ab, points);

  // The same hints as a user gives them: the mean colour of the truth over each hint's square.
  std::vector<ColourHint> hints;
  const ImageF lab = rgb8_to_lab(photo);
  for (const auto& [x, y] : cells) {
    double sum[3] = {0, 0, 0};
    int n = 0;
    for (int v = std::max(0, y - 1); v <= std::min(11, y + 1); ++v)
      for (int u = std::max(0, x - 1); u <= std::min(15, x + 1); ++u, ++n)
        for (int c = 0; c < 3; ++c) sum[c] += double(lab.pixel(u, v)[c]);
    hints.push_back({x + 0.5, y + 0.5,
                     lab_to_srgb8({float(sum[0] / n), float(sum[1] / n), float(sum[2] / n)})});
  }
  const std::vector<float> planes = hint_planes(hints, 16, 12, 16, 12, 128.0f);
  const torch::Tensor core = torch::tensor(planes).view({1, 3, 12, 16});
  EXPECT_TRUE(simulated.slice(1, 3, 4).equal(core.slice(1, 2, 3)));  // the masks exactly
  // The colours up to the 8-bit sRGB rounding of a user's hint.
  EXPECT_LT((simulated.slice(1, 1, 3) - core.slice(1, 0, 2)).abs().max().item<float>(), 0.02f);

  // Drawn hints: about half of the images get none.
  torch::manual_seed(3);
  const torch::Tensor many =
      input_with_simulated_hints(torch::zeros({400, 1, 16, 16}), torch::zeros({400, 2, 16, 16}));
  const torch::Tensor hinted = many.slice(1, 3, 4).sum({1, 2, 3}) > 0;
  const double share = hinted.to(torch::kDouble).mean().item<double>();
  EXPECT_GT(share, 0.38);
  EXPECT_LT(share, 0.62);
}

}  // namespace
}  // namespace tint::trainer
