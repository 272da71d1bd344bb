// Throughput of the colour core, printed as markdown table rows. The same source runs natively
// and as WASM under Node; a small timing loop instead of Google Benchmark, which has no
// Emscripten build in Debian, keeps the two sets of numbers comparable.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

#include "tint/ab_bins.hpp"
#include "tint/color_space.hpp"
#include "tint/compose.hpp"
#include "tint/file_io.hpp"
#include "tint/image_io.hpp"
#include "tint/palette.hpp"
#include "tint/prediction.hpp"

namespace {

// Median wall time of `runs` calls, in seconds.
double median_seconds(int runs, const std::function<void()>& work) {
  std::vector<double> times;
  for (int i = 0; i < runs; ++i) {
    const auto start = std::chrono::steady_clock::now();
    work();
    times.push_back(
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  std::sort(times.begin(), times.end());
  return times[times.size() / 2];
}

// A 3072x2048 (6.3 Mpx) test image tiled from one photo.
tint::Image8 tiled_photo(const tint::Image8& photo) {
  tint::Image8 big(photo.width() * 4, photo.height() * 4, 3);
  for (int y = 0; y < big.height(); ++y)
    std::memcpy(big.pixel(0, y), photo.pixel(0, y % photo.height()),
                std::size_t(photo.width()) * 3);
  for (int y = 0; y < big.height(); ++y)
    for (int tile = 1; tile < 4; ++tile)
      std::memcpy(big.pixel(tile * photo.width(), y), big.pixel(0, y),
                  std::size_t(photo.width()) * 3);
  return big;
}

// The first `count` CIFAR-10 training images (official binary format: label byte + 3 planes).
std::vector<tint::Image8> cifar_images(const std::string& batch_path, std::size_t count) {
  const std::vector<std::uint8_t> bytes = tint::read_file(batch_path);
  constexpr std::size_t kRecord = 3073;
  if (bytes.size() < count * kRecord) tint::fail(batch_path, "fewer records than requested");
  std::vector<tint::Image8> images;
  for (std::size_t n = 0; n < count; ++n) {
    tint::Image8 image(32, 32, 3);
    const std::uint8_t* planes = bytes.data() + n * kRecord + 1;
    for (int i = 0; i < 1024; ++i)
      for (int c = 0; c < 3; ++c) image.data()[3 * i + c] = planes[c * 1024 + i];
    images.push_back(std::move(image));
  }
  return images;
}

void row(const char* build, const std::string& name, double value, const char* unit,
         const char* target) {
  std::printf("| %s | %s | %.1f %s | %s |\n", build, name.c_str(), value, unit, target);
  std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: bench_core <data folder, e.g. ../shared/data>\n");
    return 2;
  }
#ifdef __EMSCRIPTEN__
  const char* build = "WASM (Node)";
  const char* lab_target = ">= 50 Mpx/s";
  const std::vector<int> thread_counts{1};  // this WASM build has no threads
#else
  const char* build = "native";
  const char* lab_target = ">= 100 Mpx/s";
  const std::vector<int> thread_counts{1, 2};
#endif
  try {
    const std::string data = argv[1];
    const tint::Image8 photo = tint::read_image(data + "/kodak/kodim05.png");
    const tint::Image8 image = tiled_photo(photo);
    const double mpx = static_cast<double>(image.pixel_count()) / 1e6;

    // Into reused buffers, as a viewer converting frame after frame does.
    tint::ImageF lab;
    const double to_lab = median_seconds(7, [&] { tint::rgb8_to_lab(image, lab); });
    row(build, "sRGB8 -> Lab, 1 thread", mpx / to_lab, "Mpx/s", lab_target);
    tint::Image8 back;
    const double from_lab = median_seconds(7, [&] { tint::lab_to_rgb8(lab, back); });
    row(build, "Lab -> sRGB8, 1 thread", mpx / from_lab, "Mpx/s", lab_target);
    if (back != image) tint::fail("bench_core", "round trip changed the image");

    const std::vector<tint::Image8> cifar =
        cifar_images(data + "/cifar-10-batches-bin/data_batch_1.bin", 6000);
    tint::KMeansOptions options;
    options.k = 24;
    options.seed = 0;
    for (int threads : thread_counts) {
      options.threads = threads;
      tint::KMeansResult fit;
      const double seconds = median_seconds(3, [&] { fit = tint::fit_palette(cifar, options); });
      row(build,
          "k-means K=24, 6000 CIFAR images (6.1 Mpx), " + std::to_string(threads) + " thread(s), " +
              std::to_string(fit.iterations) + " iterations",
          seconds, "s", "<= 5 s (2 threads)");
    }
    options.threads = 0;
    const tint::Palette palette = tint::fit_palette(cifar, options).palette;
    for (int threads : thread_counts) {
      const double seconds =
          median_seconds(5, [&] { tint::map_to_palette(image, palette, threads); });
      row(build, "nearest of 24 colours (RGB), " + std::to_string(threads) + " thread(s)",
          mpx / seconds, "Mpx/s", "-");
    }

    // The browser app's temperature re-decode: a bins313 output at 128x84 (kodim05's network
    // size) decoded onto kodim05's full-resolution L, stage by stage. Scores are a fixed
    // pseudo-random pattern: the work does not depend on their values.
    const tint::ImageF lightness = tint::lightness(photo);
    tint::ModelCard card;
    card.name = "bench";
    card.mode = tint::ModelMode::kBins313;
    card.bin_centres = tint::AbBins::standard().centres();
    const int bins = tint::output_channels(card), out_width = 128, out_height = 84;
    std::vector<float> scores(std::size_t(bins) * out_width * out_height);
    std::uint32_t state = 1;
    for (float& score : scores) {
      state = state * 1664525u + 1013904223u;
      score = static_cast<float>(state >> 8) / 16777216.0f * 8.0f - 4.0f;
    }
    const tint::NetworkOutput output{scores.data(), bins, out_width, out_height};
    const std::string size = std::to_string(lightness.width()) + "x" +
                             std::to_string(lightness.height()) + " from " +
                             std::to_string(out_width) + "x" + std::to_string(out_height);
    tint::ImageF ab;
    const double mean = median_seconds(21, [&] { ab = tint::predicted_ab(output, card, 0.38f); });
    row(build, "bins313 annealed mean, " + size, mean * 1e3, "ms", "-");
    const double compose = median_seconds(21, [&] { tint::compose_lab(lightness, ab); });
    row(build, "ab upsampled and composed with L into sRGB8, " + size, compose * 1e3, "ms", "-");
    const double decode =
        median_seconds(21, [&] { tint::colorize_output(lightness, output, card, 0.38f); });
    row(build, "temperature re-decode in all, 1 thread, " + size, decode * 1e3, "ms",
        "<= 16 ms (WASM)");
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench_core: %s\n", e.what());
    return 1;
  }
  return 0;
}
