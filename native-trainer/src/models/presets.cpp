#include "models/presets.hpp"

#include "models/mobilenet_v2.hpp"
#include "tint/error.hpp"
#include "tint/hints.hpp"
#include "training/training_tensors.hpp"

namespace tint::trainer {
namespace {

void require(bool ok, const std::string& option, const std::string& what) {
  if (!ok) fail(option, what);
}

// 000: birds, 4 colours. One unpadded stride-2 convolution, a dense layer of 4096 = 1024 pixels x
// 4 classes, reshaped to per-pixel class scores (softmax in the loss).
ModelSpec birds4(const TrainConfig& c, int outputs) {
  const int side = c.image_size;
  return {"birds4",
          1,
          side,
          1,
          {conv(c.filters, c.kernel, c.stride, 0), relu(), flatten(), linear(outputs * side * side),
           reshape(outputs, side, side)}};
}

// 001: two 5x5 convolutions, each followed by max-pooling, then two dense (MLP) layers, the second
// giving 32 x 32 x K class scores.
ModelSpec palette_cnn(const TrainConfig& c, int outputs) {
  const int side = c.image_size;
  return {"palette-cnn",
          1,
          side,
          1,
          {conv(c.filters, 5), relu(), max_pool(2, 2), conv(2 * c.filters, 5), relu(),
           max_pool(2, 2), flatten(), linear(c.hidden), relu(), dropout(c.dropout),
           linear(outputs * side * side), reshape(outputs, side, side)}};
}

// 002 and 004: 3x3 (or `kernel`) convolutions, resolution changed by striding down and upsampling
// back, no pooling, dropout; ab / 128 out. Fully convolutional: any size that is a multiple of
// stride^2.
ModelSpec encoder_decoder(const std::string& name, const TrainConfig& c, int outputs) {
  const int f = c.filters, k = c.kernel, s = c.stride;
  return {name,
          1,
          0,
          s * s,
          {conv(f, k), relu(), conv(2 * f, k, s), relu(), conv(2 * f, k), relu(), conv(4 * f, k, s),
           relu(), conv(4 * f, k), relu(), dropout(c.dropout), upsample(s), conv(2 * f, k), relu(),
           upsample(s), conv(f, k), relu(), conv(outputs, k)}};
}

// 003: gray -> RGB with a dense head; three variants.
ModelSpec rgb_dense(const TrainConfig& c, int outputs) {
  const int side = c.image_size;
  std::vector<Layer> layers;
  if (c.variant == "bn-conv") layers.push_back(batch_norm());
  if (c.variant == "conv" || c.variant == "bn-conv") {
    layers.push_back(conv(c.filters, c.kernel, c.stride));
    layers.push_back(relu());
  } else {
    require(c.variant == "dense", "--variant",
            "rgb-dense variants are dense, conv and bn-conv, got '" + c.variant + "'");
  }
  for (const Layer& layer :
       {flatten(), linear(outputs * side * side), reshape(outputs, side, side), sigmoid()})
    layers.push_back(layer);
  return {"rgb-dense-" + c.variant, 1, side, 1, layers};
}

// The project's default: a three-level U-Net (batch norm, skip connections, nearest upsampling),
// fully convolutional, with a 1x1 head of `outputs` channels. About 0.5 M parameters at 32
// filters: small enough for the browser.
ModelSpec unet(const TrainConfig& c, int outputs) {
  const int f = c.filters, k = c.kernel;
  std::vector<Layer> l;
  const auto block = [&](int channels) {
    for (int i = 0; i < 2; ++i) {
      l.push_back(conv(channels, k));
      l.push_back(batch_norm());
      l.push_back(relu());
    }
    return int(l.size()) - 1;  // the block's output, for a skip connection
  };
  const auto up = [&](int channels, int skip) {
    l.push_back(upsample(2));
    l.push_back(conv(channels, k));
    l.push_back(batch_norm());
    l.push_back(relu());
    l.push_back(concat_with(skip));
    l.push_back(conv(channels, k));
    l.push_back(batch_norm());
    l.push_back(relu());
  };
  const int full = block(f);
  l.push_back(max_pool(2, 2));
  const int half = block(2 * f);
  l.push_back(max_pool(2, 2));
  block(4 * f);
  if (c.dropout > 0) l.push_back(dropout(c.dropout));
  up(2 * f, half);
  up(f, full);
  l.push_back(conv(outputs, 1));
  return {"unet", c.hints ? kHintInputChannels : 1, 0, 4, l};
}

// Iizuka et al. 2016's global context for the features of layer `local`, the last one: their
// mean over the whole image through two 1x1 layers, added to every position (the scene decides
// whether blue is sky or water), then ReLU and, when asked, dropout.
void append_global_context(std::vector<Layer>& l, int channels, int local, float dropout_p) {
  l.push_back(global_average_pool());
  l.push_back(conv(channels, 1));
  l.push_back(relu());
  l.push_back(conv(channels, 1));
  l.push_back(add_from(local));  // the 1 x 1 context, broadcast onto every position
  l.push_back(relu());
  if (dropout_p > 0) l.push_back(dropout(dropout_p));
}

// The photo model: a four-level U-Net that sees the whole picture. Its bottleneck, at an eighth of
// the input's side, widens its view with dilated convolutions (Zhang et al. 2016) and adds a
// global-context vector. Takes user hints as three more input planes when the config asks.
ModelSpec photo_unet(const TrainConfig& c, int outputs) {
  const int f = c.filters, k = c.kernel;
  std::vector<Layer> l;
  const auto conv_bn_relu = [&](const Layer& convolution) {
    l.push_back(convolution);
    l.push_back(batch_norm());
    l.push_back(relu());
    return int(l.size()) - 1;
  };
  const auto block = [&](int channels) {
    conv_bn_relu(conv(channels, k));
    return conv_bn_relu(conv(channels, k));  // the block's output, for a skip connection
  };
  const auto up = [&](int channels, int skip) {
    l.push_back(upsample(2));
    conv_bn_relu(conv(channels, k));
    l.push_back(concat_with(skip));
    conv_bn_relu(conv(channels, k));
  };
  const int full = block(f);
  l.push_back(max_pool(2, 2));
  const int half = block(2 * f);
  l.push_back(max_pool(2, 2));
  const int quarter = block(4 * f);
  l.push_back(max_pool(2, 2));
  conv_bn_relu(conv(8 * f, k));
  conv_bn_relu(dilated_conv(8 * f, k, 2));
  const int local = conv_bn_relu(dilated_conv(8 * f, k, 4));
  append_global_context(l, 8 * f, local, c.dropout);
  up(4 * f, quarter);
  up(2 * f, half);
  up(f, full);
  l.push_back(conv(outputs, 1));
  return {"photo-unet", c.hints ? kHintInputChannels : 1, 0, 8, l};
}

// The photo model on a pretrained encoder: ImageNet's MobileNetV2 (frozen unless the config
// trains it) sees the gray photo; a decoder U-Net climbs from its stride-32 features back to half
// the input's side, taking each stride's features, a global-context vector (as photo_unet) and a
// small path from the input that carries L and the hints down to c.hint_stride; the bins,
// predicted at half resolution where the ab planes are smooth, are upsampled bilinearly to the
// input's size. The input path's deeper levels are concatenated last, so a checkpoint of a
// shallower path grows into this one computing the same (--init-from).
ModelSpec mobilenet_unet(const TrainConfig& c, int outputs) {
  require(c.hint_stride == 4 || c.hint_stride == 8 || c.hint_stride == 16, "--hint-stride",
          "must be 4, 8 or 16, got " + std::to_string(c.hint_stride));
  const int f = c.filters, k = c.kernel;
  std::vector<Layer> l;
  const MobileNetV2Features encoder = append_mobilenet_v2(l, false);
  const int encoder_layers = int(l.size());
  const auto conv_bn_relu = [&](const Layer& convolution) {
    l.push_back(convolution);
    l.push_back(batch_norm());
    l.push_back(relu());
    return int(l.size()) - 1;
  };
  l.push_back(take(kNetworkInput));
  const int input_half = conv_bn_relu(conv(f, k, 2));
  const int input_quarter = conv_bn_relu(conv(2 * f, k, 2));
  const int input_eighth = c.hint_stride >= 8 ? conv_bn_relu(conv(2 * f, k, 2)) : -1;
  const int input_sixteenth = c.hint_stride >= 16 ? conv_bn_relu(conv(2 * f, k, 2)) : -1;
  l.push_back(take(encoder.stride32));
  const int local = conv_bn_relu(conv(8 * f, 1));
  append_global_context(l, 8 * f, local, c.dropout);
  l.push_back(upsample(2));
  l.push_back(concat_with(encoder.stride16));
  if (input_sixteenth >= 0) l.push_back(concat_with(input_sixteenth));
  conv_bn_relu(conv(8 * f, k));
  l.push_back(upsample(2));
  l.push_back(concat_with(encoder.stride8));
  if (input_eighth >= 0) l.push_back(concat_with(input_eighth));
  conv_bn_relu(conv(4 * f, k));
  l.push_back(upsample(2));
  l.push_back(concat_with(encoder.stride4));
  l.push_back(concat_with(input_quarter));
  conv_bn_relu(conv(4 * f, k));
  l.push_back(upsample(2));
  l.push_back(concat_with(encoder.stride2));
  l.push_back(concat_with(input_half));
  conv_bn_relu(conv(2 * f, k));
  l.push_back(conv(outputs, 1));
  l.push_back(bilinear_upsample(2));
  ModelSpec spec{"mobilenet-unet", c.hints ? kHintInputChannels : 1, 0, 32, l};
  spec.encoder_layers = encoder_layers;
  spec.encoder_frozen = !c.train_encoder;
  spec.loss_stride = 2;
  return spec;
}

TrainConfig base(const std::string& name, ModelMode mode, const std::string& architecture) {
  TrainConfig c;
  c.preset = name;
  c.mode = mode;
  c.architecture = architecture;
  return c;
}

}  // namespace

const std::vector<PresetInfo>& presets() {
  static const std::vector<PresetInfo> list = {
      {"birds4",
       "CIFAR-10 birds, 4-colour k-means palette (40 % pixel sample), stride-2 conv -> "
       "dense 4096 -> per-pixel softmax; split 4500/500/1000"},
      {"palette24",
       "24-colour palette of one CIFAR-10 class (6000 images), two 5x5 conv + "
       "max-pool, two dense layers, per-pixel softmax"},
      {"lab-upsample",
       "L -> ab/128, 3x3 convs with striding and upsampling, dropout, Adam 3e-4, "
       "MSE, 10 % validation"},
      {"rgb-dense", "gray -> RGB with a dense head; --variant dense | conv | bn-conv"},
      {"lab-l2", "Lab L2 regression at 32, 64 or 128 px (--size) on image folders or CIFAR-10"},
      {"bins313",
       "Zhang et al. 2016: quantised ab bins, soft-encoded targets, class "
       "rebalancing, annealed-mean decoding"},
      {"unet-bins",
       "the project's default: fully convolutional U-Net, any input size, ab bins "
       "head"},
      {"unet-ab", "the same U-Net with an ab regression head"},
      {"unet-palette",
       "the same U-Net with a 24-colour palette head fitted to all classes: editable "
       "colours at any input size"},
      {"photo",
       "real photos, streamed: four-level U-Net with a dilated bottleneck and global context, "
       "ab bins plus a regression term, user hints"},
      {"photo-mobilenet",
       "the photo recipe on ImageNet's MobileNetV2 as a frozen encoder (--encoder-weights) "
       "with a U-Net decoder that takes the hints, bins at half resolution"},
  };
  return list;
}

TrainConfig preset_config(const std::string& name) {
  if (name == "birds4") {
    TrainConfig c = base(name, ModelMode::kPalette, "birds4");
    c.classes = {"bird"};
    c.palette_colours = 4;
    c.palette_sample = 0.4;
    c.train_count = 4500;
    c.validation_count = 500;
    c.test_count = 1000;
    c.filters = 8;
    c.kernel = 3;
    c.stride = 2;
    c.epochs = 6;
    return c;
  }
  if (name == "palette24") {
    TrainConfig c = base(name, ModelMode::kPalette, "palette-cnn");
    c.classes = {"horse"};
    c.palette_colours = 24;
    c.palette_sample = 1.0;
    c.validation_fraction = 0.1;
    c.test_fraction = 0.1;
    c.epochs = 20;
    return c;
  }
  if (name == "lab-upsample") {
    TrainConfig c = base(name, ModelMode::kAb, "encoder-decoder");
    c.learning_rate = 3e-4;
    c.dropout = 0.25f;
    c.validation_fraction = 0.1;
    c.epochs = 20;
    return c;
  }
  if (name == "rgb-dense") {
    TrainConfig c = base(name, ModelMode::kRgb, "rgb-dense");
    c.variant = "conv";
    c.filters = 8;
    c.batch_size = 32;
    c.epochs = 10;
    return c;
  }
  if (name == "lab-l2") {
    TrainConfig c = base(name, ModelMode::kAb, "encoder-decoder");
    c.data = "../shared/data/tiny-imagenet-200";
    c.image_size = 64;
    c.test_fraction = 0.1;  // image folders have no test part of their own
    c.dropout = 0.2f;
    c.epochs = 30;
    return c;
  }
  if (name == "bins313") {
    TrainConfig c = base(name, ModelMode::kBins313, "encoder-decoder");
    c.filters = 32;
    c.epochs = 20;
    return c;
  }
  if (name == "unet-bins" || name == "unet-ab" || name == "unet-palette") {
    const ModelMode mode = name == "unet-bins" ? ModelMode::kBins313
                           : name == "unet-ab" ? ModelMode::kAb
                                               : ModelMode::kPalette;
    TrainConfig c = base(name, mode, "unet");
    c.palette_colours = 24;
    c.palette_sample = 0.1;  // of ~46 M training pixels: plenty for 24 centres
    c.filters = 32;
    c.dropout = 0.3f;  // with the flips: the U-Net overfits CIFAR-10 in ~8 epochs without them
    c.batch_size = 256;
    c.epochs = 120;
    c.patience = 10;
    c.flip = true;
    return c;
  }
  if (name == "photo") {
    TrainConfig c = base(name, ModelMode::kBins313, "photo-unet");
    c.data = "../shared/data/tiny-imagenet-200/train";
    c.validation_data = "../shared/data/tiny-imagenet-200/val";
    c.stream = true;
    c.image_size = 64;
    c.hints = true;
    c.working_side = 160;  // 768x512 -> 160x104: network + decode within 150 ms on 2 threads
    c.filters = 16;
    // Milder rebalancing than Zhang et al.'s 0.5 and a regression term: full rebalancing paints
    // skies and lawns orange on real photos, none washes them out.
    c.rebalance_lambda = 0.8;
    c.temperature = 0.45f;
    c.regression_weight = 0.5;
    c.batch_size = 64;
    c.epochs = 30;
    c.learning_rate_schedule = "cosine";
    c.patience = 0;
    c.flip = true;
    return c;
  }
  if (name == "photo-mobilenet") {
    TrainConfig c = preset_config("photo");
    c.preset = name;
    c.architecture = "mobilenet-unet";
    c.encoder_weights = "../shared/models/mobilenetv2-12-int8.onnx";
    c.image_size = 128;  // the encoder's features want objects at least this size
    c.batch_size = 32;
    return c;
  }
  std::string known;
  for (const PresetInfo& info : presets()) known += (known.empty() ? "" : ", ") + info.name;
  fail("--preset", "unknown preset '" + name + "' (known: " + known + ")");
}

int output_channels(const TrainConfig& config) {
  return output_channels(config.mode, config.palette_colours);
}

ModelSpec build_model_spec(const TrainConfig& c, int outputs) {
  require(c.filters >= 1 && c.filters <= 1024, "--filters", "must be 1..1024");
  require(c.kernel >= 1 && c.kernel % 2 == 1 && c.kernel <= 15, "--kernel",
          "must be an odd size 1..15");
  require(c.stride >= 1 && c.stride <= 4, "--stride", "must be 1..4");
  require(c.dropout >= 0.0f && c.dropout < 1.0f, "--dropout", "must be in [0, 1)");
  require(c.hidden >= 1, "--hidden", "must be >= 1");
  require(c.image_size >= 8 && c.image_size <= 1024, "--size", "must be 8..1024");
  if (c.architecture == "birds4") return birds4(c, outputs);
  if (c.architecture == "palette-cnn") return palette_cnn(c, outputs);
  if (c.architecture == "encoder-decoder") return encoder_decoder(c.preset, c, outputs);
  if (c.architecture == "rgb-dense") return rgb_dense(c, outputs);
  require(!c.hints || c.architecture == "unet" || c.architecture == "photo-unet" ||
              c.architecture == "mobilenet-unet",
          "--hints", "only the fully convolutional U-Nets (unet-*, photo*) take hints");
  require(c.working_side >= 0 && c.working_side <= 4096, "--working-side", "must be 0..4096");
  if (c.architecture == "unet") return unet(c, outputs);
  if (c.architecture == "photo-unet") return photo_unet(c, outputs);
  if (c.architecture == "mobilenet-unet") return mobilenet_unet(c, outputs);
  fail("--architecture", "unknown architecture '" + c.architecture +
                             "' (known: birds4, palette-cnn, encoder-decoder, rgb-dense, unet, "
                             "photo-unet, mobilenet-unet)");
}

}  // namespace tint::trainer
