#include "model_commands.hpp"

#include <cstdio>
#include <filesystem>
#include <memory>

#include "evaluate.hpp"
#include "image_files.hpp"
#include "inference.hpp"
#include "onnx_export.hpp"
#include "progress_bar.hpp"
#include "tint/file_io.hpp"
#include "tint/image_io.hpp"
#include "trainer.hpp"

namespace tint::trainer {
namespace {
namespace fs = std::filesystem;

struct ModelArguments {
  std::string checkpoint;
  std::string output;
  std::vector<std::string> inputs;
  float temperature = -1.0f;  // < 0: the model's own
  int max_side = 512;
  std::string json_output;
  std::string name, description;  // export: the card's, when given
  std::string data_dir;  // eval: the data where the run's own folder is not (another machine)
  int threads = 0;
};

float temperature_of(const ModelArguments& args, const LoadedModel& model) {
  return args.temperature > 0 ? args.temperature : model.state.config.temperature;
}

void run_eval(const ModelArguments& args) {
  if (args.threads > 0) torch::set_num_threads(args.threads);
  LoadedModel model = load_model(args.checkpoint);
  TrainConfig data_config = model.state.config;
  if (!args.data_dir.empty()) {
    if (data_config.data == "cifar10")
      data_config.data_dir = args.data_dir;
    else
      data_config.data = args.data_dir;
  }
  const Splits splits = load_training_data(data_config);
  const Evaluation evaluation = evaluate(model, splits.test, temperature_of(args, model));
  std::printf("%s on %s\n\n%s", model.state.config.preset.c_str(), splits.test.description.c_str(),
              evaluation_table(evaluation).c_str());
  if (!args.json_output.empty()) {
    Json json = Json::object();
    json["test"] = splits.test.description;
    json["images"] = static_cast<unsigned long long>(evaluation.images);
    for (const auto& [name, value] : evaluation.model) json["model"][name] = value;
    for (const auto& [name, value] : evaluation.baseline) json["baseline"][name] = value;
    write_file_atomic(args.json_output, json.dump(2) + "\n");
  }
}

void run_export(const ModelArguments& args) {
  const ModelCard card =
      export_checkpoint(args.checkpoint, args.output, args.name, args.description);
  std::printf("exported %s (%s, %lld parameters) -> %s\n", card.name.c_str(),
              to_string(card.mode).c_str(), static_cast<long long>(card.parameters),
              args.output.c_str());
}

void run_colorize(const ModelArguments& args) {
  if (args.threads > 0) torch::set_num_threads(args.threads);
  LoadedModel model = load_model(args.checkpoint);
  const ModelCard card = model_card_of(model.state, model.network->spec());
  const std::vector<std::string> files = find_image_files(args.inputs);
  std::error_code error;
  fs::create_directories(args.output, error);
  if (error) fail(args.output, "cannot create the output folder: " + error.message());
  ProgressBar bar("colorize", std::int64_t(files.size()), "img", files.size() > 1);
  std::size_t failed = 0;
  for (std::size_t i = 0; i < files.size(); ++i) {
    try {
      const Image8 image = read_image(files[i]);
      const Image8 result =
          colorize_image(*model.network, card, image, {args.max_side, temperature_of(args, model)});
      write_png((fs::path(args.output) / (fs::path(files[i]).stem().string() + ".png")).string(),
                result);
    } catch (const Error& e) {
      ++failed;
      std::fprintf(stderr, "\n%s: skipped: %s\n", files[i].c_str(), e.what());
    }
    bar.update(std::int64_t(i + 1));
  }
  bar.finish();
  std::printf("colorized %zu of %zu image(s) -> %s\n", files.size() - failed, files.size(),
              args.output.c_str());
  if (failed > 0) fail("colorize", std::to_string(failed) + " image(s) could not be colorized");
}

}  // namespace

void add_model_commands(CLI::App& app) {
  auto eval_args = std::make_shared<ModelArguments>();
  CLI::App* eval = app.add_subcommand(
      "eval", "Metrics on the run's test split (PSNR, AuC, colourfulness, palette accuracy)");
  eval->add_option("checkpoint", eval_args->checkpoint, "Checkpoint (best.pt)")->required();
  eval->add_option("--json", eval_args->json_output, "Also write the metrics as JSON");
  eval->add_option("--temperature", eval_args->temperature, "bins313 temperature");
  eval->add_option("--data-dir", eval_args->data_dir,
                   "The run's data set if it has moved: CIFAR-10 batches or image folder");
  eval->add_option("--threads", eval_args->threads, "CPU threads");
  eval->callback([eval_args] { run_eval(*eval_args); });

  auto export_args = std::make_shared<ModelArguments>();
  CLI::App* exporter =
      app.add_subcommand("export", "Write a checkpoint as ONNX with its model card");
  exporter->add_option("checkpoint", export_args->checkpoint, "Checkpoint (best.pt)")->required();
  exporter->add_option("-o,--out", export_args->output, "ONNX file to write")->required();
  exporter->add_option("--name", export_args->name, "Model name in its card (default: the preset)");
  exporter->add_option("--description", export_args->description,
                       "Description in its card (default: architecture and data)");
  exporter->callback([export_args] { run_export(*export_args); });

  auto colorize_args = std::make_shared<ModelArguments>();
  CLI::App* colorize = app.add_subcommand("colorize", "Colorize image files with a checkpoint");
  colorize->add_option("checkpoint", colorize_args->checkpoint, "Checkpoint (best.pt)")->required();
  colorize->add_option("images", colorize_args->inputs, "Image files or folders")->required();
  colorize->add_option("-o,--out", colorize_args->output, "Output folder")->required();
  colorize
      ->add_option("--max-side", colorize_args->max_side,
                   "Any-size models: run at most at this side")
      ->capture_default_str();
  colorize->add_option("--temperature", colorize_args->temperature, "bins313 temperature");
  colorize->add_option("--threads", colorize_args->threads, "CPU threads");
  colorize->callback([colorize_args] { run_colorize(*colorize_args); });
}

}  // namespace tint::trainer
