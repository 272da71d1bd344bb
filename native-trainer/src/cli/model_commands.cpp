#include "cli/model_commands.hpp"

#include <cstdio>
#include <filesystem>
#include <memory>

#include "data/image_files.hpp"
#include "evaluation/evaluate.hpp"
#include "evaluation/inference.hpp"
#include "export/onnx_export.hpp"
#include "reports/progress_bar.hpp"
#include "tint/color_space.hpp"
#include "tint/file_io.hpp"
#include "tint/hints.hpp"
#include "tint/image_io.hpp"
#include "tint/prediction.hpp"
#include "tint/reference_hints.hpp"
#include "training/batch_sources.hpp"
#include "training/trainer.hpp"

namespace tint::trainer {
namespace {
namespace fs = std::filesystem;

struct ModelArguments {
  std::string checkpoint;
  std::string output;
  std::vector<std::string> inputs;
  float temperature = -1.0f;  // < 0: the model's own
  int max_side = 0;           // 0: the card's working side
  std::string hints_file;     // colorize: one image's hints
  std::string photos;         // eval: a folder of full-size photos instead of the test split
  std::vector<int> simulated_hints = {0};
  std::vector<std::string> reference_modes;  // eval
  std::string reference;                     // colorize: a colour photo to take hints from
  float reference_strength = kDefaultReferenceStrength;
  std::string contact_sheet;
  std::string json_output;
  std::string name, description;  // export: the card's, when given
  std::string data_dir;  // eval: the data where the run's own folder is not (another machine)
  int threads = 0;
};

float temperature_of(const ModelArguments& args, const LoadedModel& model) {
  return args.temperature > 0 ? args.temperature : model.state.config.temperature;
}

void run_photo_eval(const ModelArguments& args, LoadedModel& model) {
  PhotoEvaluationOptions options;
  options.simulated_hints = args.simulated_hints;
  options.reference_modes = args.reference_modes;
  options.reference_strength = args.reference_strength;
  options.max_side = args.max_side;
  options.temperature = temperature_of(args, model);
  const PhotoEvaluation evaluation = evaluate_photos(model, args.photos, options);
  for (const std::string& line : evaluation.skipped)
    std::fprintf(stderr, "warning: skipped %s\n", line.c_str());
  std::printf("%s on %s, at working side %d\n\n%s", model.state.config.preset.c_str(),
              evaluation.photos.c_str(),
              args.max_side > 0
                  ? args.max_side
                  : default_working_side(model_card_of(model.state, model.network->spec())),
              photo_evaluation_table(evaluation).c_str());
  if (!args.json_output.empty())
    write_file_atomic(args.json_output, dump_json(to_json(evaluation), 2) + "\n");
  if (!args.contact_sheet.empty()) {
    GridOptions grid;
    grid.scale = 1;
    write_png(args.contact_sheet,
              make_image_grid(evaluation.sheet, evaluation.sheet_columns, grid));
    std::string columns;
    for (const std::string& column : evaluation.sheet_columns)
      columns += (columns.empty() ? "" : " / ") + column;
    std::printf("contact sheet (%s) -> %s\n", columns.c_str(), args.contact_sheet.c_str());
  }
}

void run_eval(const ModelArguments& args) {
  if (args.threads > 0) torch::set_num_threads(args.threads);
  LoadedModel model = load_model(args.checkpoint);
  if (!args.photos.empty()) return run_photo_eval(args, model);
  if (args.data_dir.empty() && model.state.config.data != "cifar10" &&
      streams_photos(model.state.config))
    fail("eval",
         "this run streamed its photos and has no test split; evaluate it on a folder "
         "of full-size photos with --photos DIR");
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
    write_file_atomic(args.json_output, dump_json(json, 2) + "\n");
  }
}

void run_export(const ModelArguments& args) {
  const ModelCard card =
      export_checkpoint(args.checkpoint, args.output, args.name, args.description,
                        args.temperature > 0 ? args.temperature : 0.0f);
  std::printf("exported %s (%s, %lld parameters) -> %s\n", card.name.c_str(),
              to_string(card.mode).c_str(), static_cast<long long>(card.parameters),
              args.output.c_str());
}

void run_colorize(const ModelArguments& args) {
  if (args.threads > 0) torch::set_num_threads(args.threads);
  LoadedModel model = load_model(args.checkpoint);
  ModelCard card = model_card_of(model.state, model.network->spec());
  const std::vector<std::string> files = find_image_files(args.inputs);
  if (!args.hints_file.empty() && files.size() != 1)
    fail("--hints",
         "hints belong to one image, but " + std::to_string(files.size()) + " images were given");
  if (!args.hints_file.empty() && !card.takes_hints)
    fail("--hints", "the model '" + card.name + "' takes no hints (its card says so)");
  Image8 reference;
  if (!args.reference.empty()) {
    if (!args.hints_file.empty())
      fail("--reference",
           "give --reference or --hints, not both (a hints file the app saved holds its "
           "reference's hints already)");
    const bool palette = card.mode == ModelMode::kPalette;
    if (!card.takes_hints && !palette)
      fail("--reference",
           "the model '" + card.name + "' takes no hints and has no palette (its card says so)");
    // Refused before any photo is written: a bad reference leaves the photos as they were.
    reference = read_image(args.reference);
    check_reference(reference, args.reference);
    // A palette model's swatches become the reference's dominant colours, as in the app.
    if (palette) card.palette = reference_palette(reference, args.reference, card.palette);
  }
  std::error_code error;
  fs::create_directories(args.output, error);
  if (error) fail(args.output, "cannot create the output folder: " + error.message());
  ProgressBar bar("colorize", std::int64_t(files.size()), "img", files.size() > 1);
  std::size_t failed = 0;
  for (std::size_t i = 0; i < files.size(); ++i) {
    try {
      const Image8 image = read_image(files[i]);
      ColorizeOptions options{args.max_side, temperature_of(args, model), {}};
      if (!args.hints_file.empty())
        options.hints = parse_hints(read_text_file(args.hints_file), args.hints_file, image.width(),
                                    image.height());
      if (!args.reference.empty() && card.takes_hints)
        options.hints =
            reference_hints(lightness(image), reference, args.reference, args.reference_strength);
      const Image8 result = colorize_image(*model.network, card, image, options);
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
  eval->add_option("--photos", eval_args->photos,
                   "A folder of full-size photos: each turned gray and colorized at the working "
                   "side, next to the gray baseline");
  eval->add_option("--simulated-hints", eval_args->simulated_hints,
                   "--photos: hint counts to simulate from the truth, e.g. 0,1,10")
      ->delimiter(',');
  eval->add_option("--reference-mode", eval_args->reference_modes,
                   "--photos: also colour each photo with hints from a reference: 'own' (its own "
                   "colour version, mirrored and cropped to 80 %), 'unrelated' (another photo of "
                   "the folder), e.g. own,unrelated")
      ->delimiter(',');
  eval->add_option("--reference-strength", eval_args->reference_strength,
                   "--reference-mode: how many reference hints, how sure (0..1)");
  eval->add_option("--contact-sheet", eval_args->contact_sheet,
                   "--photos: write a PNG of gray / truth / result rows (a result per hint count)");
  eval->add_option("--max-side", eval_args->max_side,
                   "--photos: run at most at this side (default: the model's working side)");
  eval->callback([eval_args] { run_eval(*eval_args); });

  auto export_args = std::make_shared<ModelArguments>();
  CLI::App* exporter =
      app.add_subcommand("export", "Write a checkpoint as ONNX with its model card");
  exporter->add_option("checkpoint", export_args->checkpoint, "Checkpoint (best.pt)")->required();
  exporter->add_option("-o,--out", export_args->output, "ONNX file to write")->required();
  exporter->add_option("--name", export_args->name, "Model name in its card (default: the preset)");
  exporter->add_option("--description", export_args->description,
                       "Description in its card (default: architecture and data)");
  exporter
      ->add_option("--temperature", export_args->temperature,
                   "bins313: the card's decoding temperature (default: the run's)")
      ->check(CLI::PositiveNumber);
  exporter->callback([export_args] { run_export(*export_args); });

  auto colorize_args = std::make_shared<ModelArguments>();
  CLI::App* colorize = app.add_subcommand("colorize", "Colorize image files with a checkpoint");
  colorize->add_option("checkpoint", colorize_args->checkpoint, "Checkpoint (best.pt)")->required();
  colorize->add_option("images", colorize_args->inputs, "Image files or folders")->required();
  colorize->add_option("-o,--out", colorize_args->output, "Output folder")->required();
  colorize->add_option("--max-side", colorize_args->max_side,
                       "Any-size models: run at most at this side (default: the model's working "
                       "side, else 512)");
  colorize->add_option("--hints", colorize_args->hints_file,
                       "One image's hints as JSON: {\"hints\": [{\"x\": 120, \"y\": 64, "
                       "\"rgb\": [200, 30, 30]}]} in its pixel coordinates");
  colorize->add_option("--reference", colorize_args->reference,
                       "A colour photo of the same scene or of similar things: its colours become "
                       "hints for each image (a palette model's swatches), as in the app's Colour "
                       "like...");
  colorize->add_option("--reference-strength", colorize_args->reference_strength,
                       "--reference: how many hints, how sure a match must be (0..1, default 0.5)");
  colorize->add_option("--temperature", colorize_args->temperature, "bins313 temperature");
  colorize->add_option("--threads", colorize_args->threads, "CPU threads");
  colorize->callback([colorize_args] { run_colorize(*colorize_args); });
}

}  // namespace tint::trainer
