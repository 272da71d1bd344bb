#include "training/training_tensors.hpp"

#include <ATen/Parallel.h>

#include <cstring>
#include <map>

#include "tint/ab_bins.hpp"
#include "tint/color_space.hpp"
#include "tint/error.hpp"

namespace tint::trainer {

int output_channels(ModelMode mode, int palette_size) {
  switch (mode) {
    case ModelMode::kPalette:
      return palette_size;
    case ModelMode::kAb:
      return 2;
    case ModelMode::kRgb:
      return 3;
    case ModelMode::kBins313:
      return AbBins::standard().size();
  }
  return 0;
}

namespace {

// The standard bins' ab centres over kAbScale, Q x 2, on `device` (made once per device).
torch::Tensor bin_centres_tensor(const torch::Device& device) {
  thread_local std::map<std::string, torch::Tensor> cache;
  torch::Tensor& centres = cache[device.str()];
  if (!centres.defined()) {
    std::vector<float> values;
    for (const std::array<float, 2>& centre : AbBins::standard().centres())
      for (float value : centre) values.push_back(value / kAbScale);
    centres = torch::tensor(values).view({-1, 2}).to(device);
  }
  return centres;
}

}  // namespace

int TargetSpec::outputs() const {
  return output_channels(mode, static_cast<int>(palette.colors.size()));
}

TensorSet TensorSet::select(const torch::Tensor& indices) const {
  const auto pick = [&](const torch::Tensor& t) {
    return t.defined() ? t.index_select(0, indices) : t;
  };
  return {pick(input), pick(target), pick(target_weights), pick(pixel_weights), pick(ab)};
}

TensorSet TensorSet::to(const torch::Device& device) const {
  const auto move = [&](const torch::Tensor& t) { return t.defined() ? t.to(device) : t; };
  return {move(input), move(target), move(target_weights), move(pixel_weights), move(ab)};
}

TensorSet TensorSet::mirrored_where(const torch::Tensor& mirror) const {
  const auto pick = [&](const torch::Tensor& t) {
    if (!t.defined()) return t;
    std::vector<std::int64_t> shape(std::size_t(t.dim()), 1);
    shape[0] = t.size(0);
    return torch::where(mirror.view(shape), t.flip({t.dim() - 1}), t);
  };
  return {pick(input), pick(target), pick(target_weights), pick(pixel_weights), pick(ab)};
}

TensorSet TensorSet::every_nth_pixel(int stride) const {
  if (stride == 1) return *this;
  const auto pick = [&](const torch::Tensor& t) {
    return t.defined() ? t.slice(-2, 0, c10::nullopt, stride).slice(-1, 0, c10::nullopt, stride)
                       : t;
  };
  return {pick(input), pick(target), pick(target_weights), pick(pixel_weights), pick(ab)};
}

TensorSet make_tensors(const ImageSet& images, const TargetSpec& spec,
                       const TensorOptions& options) {
  if (images.size() == 0) fail("make_tensors", "no images (" + images.description + ")");
  const int height = images.images[0].height(), width = images.images[0].width();
  const std::int64_t n = std::int64_t(images.size()), plane = std::int64_t(height) * width;
  for (std::size_t i = 0; i < images.size(); ++i)
    if (images.images[i].width() != width || images.images[i].height() != height)
      fail(images.description, "image " + std::to_string(i) + " is not " + std::to_string(width) +
                                   "x" + std::to_string(height) + " like the first");
  TensorSet set;
  set.input = torch::empty({n, 1, height, width});
  const AbBins& bins = AbBins::standard();
  switch (spec.mode) {
    case ModelMode::kPalette:
      set.target = torch::empty({n, height, width}, torch::kLong);
      break;
    case ModelMode::kAb:
      set.target = torch::empty({n, 2, height, width});
      break;
    case ModelMode::kRgb:
      set.target = torch::empty({n, 3, height, width});
      break;
    case ModelMode::kBins313:
      // Bin numbers fit 16 bits: a quarter of the memory and transfer of int64 indices.
      set.target = torch::empty({n, kSoftNeighbours, height, width}, torch::kShort);
      set.target_weights = torch::empty({n, kSoftNeighbours, height, width});
      set.pixel_weights = torch::empty({n, height, width});
      if (spec.bin_weights.size() != std::size_t(bins.size()))
        fail("make_tensors", "bins313 targets need one rebalancing weight per bin");
      break;
  }
  if (options.with_ab) set.ab = torch::empty({n, 2, height, width});
  const auto fill = [&](std::int64_t begin, std::int64_t end) {
    for (std::int64_t i = begin; i < end; ++i) {
      const Image8& rgb = images.images[std::size_t(i)];
      const ImageF lab = rgb8_to_lab(rgb);
      float* input = set.input[i].data_ptr<float>();
      for (std::int64_t p = 0; p < plane; ++p) input[p] = (lab.data()[3 * p] - kLOffset) / kLScale;
      if (options.with_ab) {
        float* ab = set.ab[i].data_ptr<float>();
        for (std::int64_t p = 0; p < plane; ++p)
          for (int c = 0; c < 2; ++c) ab[c * plane + p] = lab.data()[3 * p + 1 + c] / kAbScale;
      }
      switch (spec.mode) {
        case ModelMode::kPalette: {
          const Image8 classes = map_to_palette(rgb, spec.palette, 1);
          std::int64_t* target = set.target[i].data_ptr<std::int64_t>();
          for (std::int64_t p = 0; p < plane; ++p) target[p] = classes.data()[p];
          break;
        }
        case ModelMode::kAb: {
          float* target = set.target[i].data_ptr<float>();
          for (std::int64_t p = 0; p < plane; ++p)
            for (int c = 0; c < 2; ++c)
              target[c * plane + p] = lab.data()[3 * p + 1 + c] / kAbScale;
          break;
        }
        case ModelMode::kRgb: {
          float* target = set.target[i].data_ptr<float>();
          for (std::int64_t p = 0; p < plane; ++p)
            for (int c = 0; c < 3; ++c) target[c * plane + p] = rgb.data()[3 * p + c] / 255.0f;
          break;
        }
        case ModelMode::kBins313: {
          const SoftTargets soft = bins.soft_encode_sparse(lab, kSoftNeighbours);
          std::int16_t* target = set.target[i].data_ptr<std::int16_t>();
          float* weights = set.target_weights[i].data_ptr<float>();
          float* pixel_weights = set.pixel_weights[i].data_ptr<float>();
          for (std::int64_t p = 0; p < plane; ++p) {
            for (int k = 0; k < kSoftNeighbours; ++k) {
              target[k * plane + p] =
                  static_cast<std::int16_t>(soft.bins[std::size_t(p * kSoftNeighbours + k)]);
              weights[k * plane + p] = soft.weights[std::size_t(p * kSoftNeighbours + k)];
            }
            pixel_weights[p] = spec.bin_weights[std::size_t(target[p])];
          }
          break;
        }
      }
    }
  };
  if (options.parallel)
    at::parallel_for(0, n, 64, fill);
  else
    fill(0, n);
  return set;
}

torch::Tensor batch_loss(const torch::Tensor& output, const TensorSet& batch,
                         const TargetSpec& spec, const RegressionTerm& regression) {
  switch (spec.mode) {
    case ModelMode::kPalette:
      return torch::nn::functional::cross_entropy(output.to(torch::kFloat), batch.target);
    case ModelMode::kAb:
    case ModelMode::kRgb:
      return torch::mse_loss(output.to(torch::kFloat), batch.target);
    case ModelMode::kBins313: {
      // -sum_q z_q log softmax(s)_q over the 5 non-zero z_q, gathered instead of densified, in
      // float32 even under mixed precision. A channels-last output has the bins innermost in
      // memory: the softmax then runs over the last dimension of a free NHWC view, which is much
      // faster on a GPU than a softmax across planes and needs no transposing copy.
      const bool bins_innermost = output.is_contiguous(torch::MemoryFormat::ChannelsLast);
      const auto layout = [&](const torch::Tensor& t) {
        return bins_innermost ? t.permute({0, 2, 3, 1}) : t;
      };
      const std::int64_t bin_dim = bins_innermost ? 3 : 1;
      const torch::Tensor log_probabilities =
          torch::log_softmax(layout(output), bin_dim, torch::kFloat);
      const torch::Tensor picked =
          log_probabilities.gather(bin_dim, layout(batch.target).to(torch::kLong));
      const torch::Tensor per_pixel = -(picked * layout(batch.target_weights)).sum(bin_dim);
      torch::Tensor loss = (per_pixel * batch.pixel_weights).mean();
      if (regression.weight > 0) {
        if (!batch.ab.defined()) fail("batch_loss", "the regression term needs the true ab");
        // The annealed mean: softmax(log p / T) = softmax(logits / T), then the expected centre.
        const torch::Tensor annealed =
            torch::softmax(layout(output).to(torch::kFloat) / regression.temperature, bin_dim);
        const torch::Tensor centres = bin_centres_tensor(output.device());  // Q x 2, / 128
        const torch::Tensor decoded = torch::tensordot(annealed, centres, {bin_dim}, {0});
        // decoded: N x H x W x 2 (bins innermost) or N x H x W x 2 after contracting dim 1.
        const torch::Tensor truth = batch.ab.permute({0, 2, 3, 1});
        loss = loss + regression.weight * torch::smooth_l1_loss(decoded, truth);
      }
      return loss;
    }
  }
  fail("batch_loss", "unknown mode");
}

}  // namespace tint::trainer
