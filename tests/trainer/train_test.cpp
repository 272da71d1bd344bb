// Training end to end on tiny subsets: every preset trains, checkpoints, reports, exports and
// colorizes; a resumed run equals an uninterrupted one; a tiny set is overfitted; bad settings and
// bad states fail with clear errors.
#include <gtest/gtest.h>

#include <filesystem>

#include "evaluation/evaluate.hpp"
#include "evaluation/inference.hpp"
#include "models/presets.hpp"
#include "preset_parameters.hpp"
#include "reports/run_report.hpp"
#include "test_support.hpp"
#include "tint/file_io.hpp"
#include "tint/image_io.hpp"
#include "tiny_runs.hpp"
#include "training/trainer.hpp"

namespace tint::trainer {
namespace {
namespace fs = std::filesystem;

class EveryPreset : public testing::TestWithParam<std::string> {};

TEST_P(EveryPreset, TrainsChecksPointsReportsExportsAndColorizes) {
  const fs::path folder = fresh_folder(GetParam());
  TrainConfig config = tiny(GetParam());
  config.max_steps = 3;
  const TrainResult result = train(config, quiet(folder));
  EXPECT_EQ(result.epochs, 1);
  for (const char* file : {"checkpoint.pt", "best.pt", "metrics.jsonl", "metrics.csv", "report.svg",
                           "comparison.png", "report.html", "model.onnx"})
    EXPECT_TRUE(fs::exists(folder / file)) << file;

  LoadedModel model = load_model((folder / "best.pt").string());
  const ModelCard card = model_card_of(model.state, model.network->spec());
  const Image8 photo = read_image(test::data_set("kodak/kodim05.png"));
  const Image8 colorized = colorize_image(*model.network, card, photo, {128, 0.38f, {}});
  EXPECT_EQ(colorized.width(), photo.width());
  EXPECT_EQ(colorized.height(), photo.height());

  if (config.stream) {  // streamed runs have no test split: they are judged on photo folders
    PhotoEvaluationOptions options;
    options.simulated_hints = {0, 1};
    const PhotoEvaluation photos =
        evaluate_photos(model, test::data_set("tiny-imagenet-200/train/n01443537"), options);
    EXPECT_GE(photos.images, 10u);
    EXPECT_GT(photos.model.at(1).at("psnr"), 5.0);
    EXPECT_GT(photos.baseline.at("psnr"), 15.0);
    fs::remove_all(folder);
    return;
  }
  ImageSet test_images = load_training_data(model.state.config).test;
  test_images = subset(test_images, {0, 1, 2}, "three test images");
  const Evaluation evaluation = evaluate(model, test_images, 0.38f);
  EXPECT_GT(evaluation.model.at("psnr"), 5.0);
  EXPECT_GT(evaluation.baseline.at("psnr"), 15.0);  // gray is a strong baseline on CIFAR
  EXPECT_EQ(evaluation.model.count("palette_accuracy"), config.mode == ModelMode::kPalette);
  fs::remove_all(folder);
}

INSTANTIATE_TEST_SUITE_P(Trainer, EveryPreset, testing::ValuesIn(preset_names()), preset_test_name);

TEST(LearningRate, IsConstantOrAnnealedFromTheFirstEpochTowardsZero) {
  TrainConfig config;
  config.learning_rate = 1e-3;
  config.epochs = 100;
  EXPECT_EQ(learning_rate_at(config, 0), 1e-3);
  EXPECT_EQ(learning_rate_at(config, 99), 1e-3);
  config.learning_rate_schedule = "cosine";
  EXPECT_DOUBLE_EQ(learning_rate_at(config, 0), 1e-3);
  EXPECT_DOUBLE_EQ(learning_rate_at(config, 50), 0.5e-3);
  for (int epoch = 1; epoch < 100; ++epoch)
    EXPECT_LT(learning_rate_at(config, epoch), learning_rate_at(config, epoch - 1)) << epoch;
  EXPECT_GT(learning_rate_at(config, 99), 0.0);
  EXPECT_LT(learning_rate_at(config, 99), 1e-6);
}

TEST(Trainer, ResumingForTheLastEpochGivesTheSameWeights) {
  TrainConfig config = tiny("unet-ab");
  config.dropout = 0.2f;                     // the dropout masks must be replayed too
  config.learning_rate_schedule = "cosine";  // and the learning rate of the epoch
  config.epochs = 2;
  config.patience = 0;
  const fs::path straight = fresh_folder("straight"), resumed = fresh_folder("resumed");
  train_straight_and_resumed(config, straight, resumed);
  expect_same_weights(straight, resumed);
  const std::vector<EpochRecord> records = read_epoch_records(metrics_jsonl_path(resumed.string()));
  ASSERT_EQ(records.size(), 2u);
  EXPECT_DOUBLE_EQ(records[0].learning_rate, config.learning_rate);
  EXPECT_DOUBLE_EQ(records[1].learning_rate, config.learning_rate / 2);
  fs::remove_all(straight);
  fs::remove_all(resumed);
}

TEST(Trainer, OverfitsATinySet) {
  TrainConfig config = tiny("unet-ab");
  config.max_images = 8;
  config.filters = 8;
  config.batch_size = 8;
  config.validation_fraction = 0.0;
  config.epochs = 150;
  config.patience = 0;
  config.learning_rate = 3e-3;
  const fs::path folder = fresh_folder("overfit");
  TrainOptions options = quiet(folder);
  options.export_onnx = false;
  train(config, options);
  const std::vector<EpochRecord> records = read_epoch_records(metrics_jsonl_path(folder.string()));
  ASSERT_EQ(records.size(), 150u);
  EXPECT_LT(records.back().train_loss, 0.2 * records.front().train_loss);
  fs::remove_all(folder);
}

TEST(Trainer, ResumeRefusesACheckpointOfAnotherPreset) {
  const fs::path folder = fresh_folder("other_preset");
  TrainConfig config = tiny("unet-ab");
  config.max_steps = 1;
  train(config, quiet(folder));
  TrainOptions resume = quiet(folder);
  resume.resume = true;
  EXPECT_EQ(test::error_of([&] { train(tiny("lab-upsample"), resume); }),
            "--resume: " + (folder / "checkpoint.pt").string() +
                " is a checkpoint of preset 'unet-ab', not 'lab-upsample'");
  fs::remove_all(folder);
}

TEST(Trainer, NonFiniteLossStopsAndKeepsTheLastGoodCheckpoint) {
  const fs::path folder = fresh_folder("diverge");
  TrainConfig config = tiny("lab-upsample");  // no squashing output layer: it can blow up
  train(config, quiet(folder));               // a good run first
  const auto good = fs::last_write_time(folder / "checkpoint.pt");
  config.learning_rate = 1e30;
  config.epochs = 3;
  const std::string message = test::error_of([&] { train(config, quiet(folder)); });
  EXPECT_NE(message.find("the loss became"), std::string::npos) << message;
  EXPECT_NE(message.find("keeping the last good checkpoint"), std::string::npos) << message;
  EXPECT_EQ(fs::last_write_time(folder / "checkpoint.pt"), good);
  fs::remove_all(folder);
}

TEST(Trainer, BadSettingsAreNamed) {
  TrainConfig config = tiny("palette24");
  config.palette_colours = 1;
  EXPECT_NE(test::error_of([&] { train(config, quiet(fresh_folder("bad"))); }).find("K"),
            std::string::npos);
  config = tiny("unet-ab");
  config.classes = {"unicorn"};
  EXPECT_NE(test::error_of([&] { train(config, quiet(fresh_folder("bad"))); }).find("unicorn"),
            std::string::npos);
  config = tiny("unet-ab");
  config.learning_rate_schedule = "linear";
  EXPECT_EQ(test::error_of([&] { train(config, quiet(fresh_folder("bad"))); }),
            "--lr-schedule: must be constant or cosine, not 'linear'");
  config = tiny("unet-ab");
  config.device = "tpu";
  EXPECT_EQ(test::error_of([&] { train(config, quiet(fresh_folder("bad"))); }),
            "--device: must be auto, cpu or cuda, got 'tpu'");
  const fs::path file = fresh_folder("a_file");
  write_file_atomic(file.string(), std::string("not a folder"));
  config = tiny("unet-ab");
  EXPECT_NE(test::error_of([&] {
              train(config, quiet(file / "run"));
            }).find("cannot create the run folder"),
            std::string::npos);
  fs::remove(file);
}

}  // namespace
}  // namespace tint::trainer
