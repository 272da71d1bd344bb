#include "cli/palette_command.hpp"

#include <cstdio>
#include <memory>

#include "data/image_files.hpp"
#include "tint/color_space.hpp"
#include "tint/image_io.hpp"
#include "tint/palette_io.hpp"

namespace tint::trainer {
namespace {

struct FitArguments {
  std::vector<std::string> images;
  std::string output;
  std::string distance = "rgb";
  KMeansOptions options;
};

struct ApplyArguments {
  std::string palette;
  std::string image;
  std::string output;
  std::string gray_output;
};

void fit(const FitArguments& args) {
  KMeansOptions options = args.options;
  options.distance = color_distance_from_string(args.distance, "--distance");
  std::vector<Image8> images;
  for (const std::string& path : find_image_files(args.images)) images.push_back(read_image(path));
  const KMeansResult result = fit_palette(images, options);
  write_palette(args.output, result.palette);
  std::printf(
      "palette: %d colours from %zu sampled pixels of %zu image(s), %d iterations%s, "
      "mean squared distance %.2f -> %s\n",
      options.k, result.samples, images.size(), result.iterations,
      result.converged ? "" : " (not converged)", result.inertia, args.output.c_str());
}

void apply(const ApplyArguments& args) {
  const Palette palette = read_palette(args.palette);
  const Image8 image = read_image(args.image);
  write_png(args.output, decode_classes(map_to_palette(image, palette), palette));
  std::printf("mapped %s to %zu colours -> %s\n", args.image.c_str(), palette.colors.size(),
              args.output.c_str());
  if (!args.gray_output.empty()) {
    write_png(args.gray_output, to_gray(image));
    std::printf("gray version -> %s\n", args.gray_output.c_str());
  }
}

}  // namespace

void add_palette_command(CLI::App& app) {
  CLI::App* palette = app.add_subcommand("palette", "Fit K-colour palettes and map images to them");
  palette->require_subcommand(1);

  auto fit_args = std::make_shared<FitArguments>();
  CLI::App* fit_command =
      palette->add_subcommand("fit", "Fit a palette with k-means on a random sample of pixels");
  fit_command->add_option("images", fit_args->images, "Image files or folders")->required();
  fit_command->add_option("-o,--out", fit_args->output, "Palette JSON to write")->required();
  fit_command->add_option("-k,--colours", fit_args->options.k, "Number of colours (2..256)")
      ->capture_default_str();
  fit_command
      ->add_option("--sample", fit_args->options.sample_fraction, "Fraction of pixels drawn (0..1]")
      ->capture_default_str();
  fit_command->add_option("--seed", fit_args->options.seed, "Random seed")->capture_default_str();
  fit_command->add_option("--distance", fit_args->distance, "Colour distance: rgb or lab")
      ->capture_default_str();
  fit_command
      ->add_option("--max-iterations", fit_args->options.max_iterations, "Lloyd iterations at most")
      ->capture_default_str();
  fit_command
      ->add_option("--tolerance", fit_args->options.tolerance,
                   "Stop when no centroid moves further than this")
      ->capture_default_str();
  fit_command->add_option("--threads", fit_args->options.threads, "CPU threads (0: all)")
      ->capture_default_str();
  fit_command->callback([fit_args] { fit(*fit_args); });

  auto apply_args = std::make_shared<ApplyArguments>();
  CLI::App* apply_command =
      palette->add_subcommand("apply", "Map an image to a palette's nearest colours");
  apply_command->add_option("image", apply_args->image, "Image to map")->required();
  apply_command->add_option("-p,--palette", apply_args->palette, "Palette JSON")->required();
  apply_command->add_option("-o,--out", apply_args->output, "PNG of the mapped image")->required();
  apply_command->add_option("--gray-out", apply_args->gray_output,
                            "Also write the gray (L only) version as PNG");
  apply_command->callback([apply_args] { apply(*apply_args); });
}

}  // namespace tint::trainer
