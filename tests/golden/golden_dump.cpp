// Writes the core's Lab conversion and palette mapping of one photo as raw bytes, so that the
// native and WASM builds can be compared byte for byte (see compare.cmake).
#include <cstdio>
#include <cstring>
#include <string>

#include "tint/color_space.hpp"
#include "tint/file_io.hpp"
#include "tint/image_io.hpp"
#include "tint/palette.hpp"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: golden_dump <photo> <output-folder>\n");
    return 2;
  }
  try {
    const std::string out = argv[2];
    const tint::Image8 photo = tint::read_image(argv[1]);
    const tint::ImageF lab = tint::rgb8_to_lab(photo);
    std::vector<std::uint8_t> lab_bytes(lab.sample_count() * sizeof(float));
    std::memcpy(lab_bytes.data(), lab.data(), lab_bytes.size());  // both builds are little-endian
    tint::write_file_atomic(out + "/lab.f32", lab_bytes);
    tint::write_png(out + "/lab_to_rgb.png", tint::lab_to_rgb8(lab));

    tint::KMeansOptions options;
    options.k = 24;
    options.sample_fraction = 0.4;
    options.seed = 1;
    const tint::KMeansResult fit = tint::fit_palette({photo}, options);
    const tint::Image8 classes = tint::map_to_palette(photo, fit.palette);
    tint::write_file_atomic(out + "/classes.u8", classes.samples());
    tint::write_png(out + "/palette_mapped.png", tint::decode_classes(classes, fit.palette));
    std::string palette;
    for (const tint::Rgb8& c : fit.palette.colors)
      palette +=
          std::to_string(c[0]) + " " + std::to_string(c[1]) + " " + std::to_string(c[2]) + "\n";
    palette += "iterations " + std::to_string(fit.iterations) + "\n";
    tint::write_file_atomic(out + "/palette.txt", palette);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "golden_dump: %s\n", e.what());
    return 1;
  }
  return 0;
}
