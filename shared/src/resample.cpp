#include "tint/resample.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

namespace tint {
namespace {

// For each output index along one axis: the source taps and their weights (summing to 1).
struct AxisWeights {
  std::vector<int> first_tap;  // per output index, into taps/weights
  std::vector<int> source;
  std::vector<float> weight;
};

AxisWeights area_weights(int from, int to) {
  AxisWeights w;
  const double scale = static_cast<double>(from) / to;
  for (int o = 0; o < to; ++o) {
    w.first_tap.push_back(static_cast<int>(w.source.size()));
    const double begin = o * scale, end = (o + 1) * scale;
    for (int s = static_cast<int>(begin); s < from && s < end; ++s) {
      const double overlap = std::min(end, s + 1.0) - std::max(begin, static_cast<double>(s));
      if (overlap <= 0.0) continue;
      w.source.push_back(s);
      w.weight.push_back(static_cast<float>(overlap / scale));
    }
  }
  w.first_tap.push_back(static_cast<int>(w.source.size()));
  return w;
}

AxisWeights bilinear_weights(int from, int to) {
  AxisWeights w;
  const double scale = static_cast<double>(from) / to;
  for (int o = 0; o < to; ++o) {
    w.first_tap.push_back(static_cast<int>(w.source.size()));
    const double centre = std::clamp((o + 0.5) * scale - 0.5, 0.0, from - 1.0);
    const int left = static_cast<int>(centre);
    const int right = std::min(left + 1, from - 1);
    const float t = static_cast<float>(centre - left);
    w.source.push_back(left);
    w.weight.push_back(1.0f - t);
    if (right != left) {
      w.source.push_back(right);
      w.weight.push_back(t);
    }
  }
  w.first_tap.push_back(static_cast<int>(w.source.size()));
  return w;
}

AxisWeights axis_weights(int from, int to) {
  return to < from ? area_weights(from, to) : bilinear_weights(from, to);
}

}  // namespace

struct RowResizer::Taps : AxisWeights {};

RowResizer::RowResizer(const ImageF& image, int width, int height, std::size_t max_pixels)
    : row_samples_(std::size_t(width) * std::size_t(image.channels())) {
  if (image.empty()) fail("resize", "empty image");
  check_image_size(width, height, max_pixels, "resize");
  if (width == image.width() && height == image.height()) {  // as resize: a copy
    wide_ = image;
    return;
  }
  down_.reset(new Taps{axis_weights(image.height(), height)});
  // The horizontal pass, kept whole: at the source's height it is small where rows are wanted
  // one at a time (a network's output brought to a photo's size).
  const AxisWeights across = axis_weights(image.width(), width);
  const int channels = image.channels();
  wide_ = ImageF(width, image.height(), channels, max_pixels);
  for (int y = 0; y < image.height(); ++y) {
    const float* row = image.pixel(0, y);
    float* out = wide_.pixel(0, y);
    for (int x = 0; x < width; ++x, out += channels) {
      for (int c = 0; c < channels; ++c) out[c] = 0.0f;
      for (int t = across.first_tap[x]; t < across.first_tap[x + 1]; ++t) {
        const float* in = row + std::size_t(across.source[t]) * channels;
        for (int c = 0; c < channels; ++c) out[c] += across.weight[t] * in[c];
      }
    }
  }
}

RowResizer::~RowResizer() = default;

void RowResizer::row(int y, float* out) const {
  if (!down_) {
    std::copy(wide_.pixel(0, y), wide_.pixel(0, y) + row_samples_, out);
    return;
  }
  std::fill(out, out + row_samples_, 0.0f);
  for (int t = down_->first_tap[y]; t < down_->first_tap[y + 1]; ++t) {
    const float* in = wide_.pixel(0, down_->source[t]);
    const float weight = down_->weight[t];
    for (std::size_t i = 0; i < row_samples_; ++i) out[i] += weight * in[i];
  }
}

ImageF resize(const ImageF& image, int width, int height, std::size_t max_pixels) {
  if (image.empty()) fail("resize", "empty image");
  check_image_size(width, height, max_pixels, "resize");
  if (width == image.width() && height == image.height()) return image;
  const RowResizer rows(image, width, height, max_pixels);
  ImageF result(width, height, image.channels(), max_pixels);
  for (int y = 0; y < height; ++y) rows.row(y, result.pixel(0, y));
  return result;
}

Image8 resize(const Image8& image, int width, int height, std::size_t max_pixels) {
  if (image.empty()) fail("resize", "empty image");
  ImageF as_float(image.width(), image.height(), image.channels(), max_pixels);
  std::copy(image.samples().begin(), image.samples().end(), as_float.data());
  const ImageF resized = resize(as_float, width, height, max_pixels);
  Image8 result(width, height, image.channels(), max_pixels);
  for (std::size_t i = 0; i < result.sample_count(); ++i)
    result.data()[i] =
        static_cast<std::uint8_t>(std::clamp(std::lround(resized.data()[i]), 0L, 255L));
  return result;
}

}  // namespace tint
