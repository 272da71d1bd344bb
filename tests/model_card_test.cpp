#include "tint/model_card.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <functional>

#include "test_support.hpp"
#include "tint/onnx_wire.hpp"

namespace tint {
namespace {

using test::error_of;

ModelCard ab_card() {
  ModelCard card;
  card.name = "cifar-ab";
  card.description = "U-Net predicting ab from L";
  card.mode = ModelMode::kAb;
  card.input_size = 32;
  card.parameters = 1234567;
  card.training.preset = "cifar10-ab";
  card.training.data = "CIFAR-10 train (50000 images)";
  card.training.epochs = 30;
  card.training.command = "tint-train --preset cifar10-ab";
  card.training.machine = "NVIDIA H100, 16 CPU cores";
  card.training.duration_seconds = 812.5;
  card.metrics = {{"psnr", 24.125}, {"auc", 0.91}};
  card.baseline_metrics = {{"psnr", 22.5}, {"auc", 0.88}};
  card.created = "2024-05-01T12:00:00Z";
  card.producer = "tint 0.1.0";
  return card;
}

ModelCard palette_card() {
  ModelCard card;
  card.name = "palette-24";
  card.mode = ModelMode::kPalette;
  card.palette = {{0, 0, 0}, {255, 128, 7}, {12, 200, 255}};
  card.output_is_logits = false;
  card.temperature = 0.5f;
  return card;
}

ModelCard bins_card() {
  ModelCard card;
  card.name = "bins";
  card.mode = ModelMode::kBins313;
  for (int a = -110; a <= 100; a += 10)
    for (int b = -110; b <= 100; b += 10)
      card.bin_centres.push_back({static_cast<float>(a), static_cast<float>(b)});
  card.bin_centres.push_back({0.1f, -2.75f});
  return card;
}

// The JSON of a valid card with one change, read back; returns the error message.
std::string field_error(const std::function<void(Json&)>& change, ModelCard card = ab_card()) {
  Json json = to_json(card);
  change(json);
  return error_of([&] { model_card_from_json(json, "card"); });
}

TEST(ModelCard, ModesHaveNames) {
  EXPECT_EQ(to_string(ModelMode::kPalette), "palette");
  EXPECT_EQ(to_string(ModelMode::kAb), "ab");
  EXPECT_EQ(to_string(ModelMode::kRgb), "rgb");
  EXPECT_EQ(to_string(ModelMode::kBins313), "bins313");
  for (ModelMode mode : {ModelMode::kPalette, ModelMode::kAb, ModelMode::kRgb, ModelMode::kBins313})
    EXPECT_EQ(model_mode_from_string(to_string(mode), "m"), mode);
  EXPECT_EQ(error_of([] { model_mode_from_string("foo", "card.mode"); }),
            "card.mode: unknown mode 'foo' (expected palette, ab, rgb or bins313)");
}

TEST(ModelCard, RoundTripsThroughJsonText) {
  for (const ModelCard& card : {ab_card(), palette_card(), bins_card()}) {
    const std::string text = model_card_to_string(card);
    EXPECT_EQ(parse_model_card(text, "card.json"), card) << text;
    EXPECT_EQ(model_card_from_json(parse_json(dump_json(to_json(card)), "t"), "card"), card);
  }
  ModelCard rgb = ab_card();
  rgb.mode = ModelMode::kRgb;
  rgb.input_size = 0;
  rgb.l_scale = 50.0f;
  rgb.l_offset = 50.0f;
  EXPECT_EQ(parse_model_card(model_card_to_string(rgb), "card.json"), rgb);
  ModelCard photo = bins_card();
  photo.input_size = 0;
  photo.input_multiple = 8;
  photo.working_side = 192;
  photo.takes_hints = true;
  photo.training.terms = "non-commercial research and educational use only";
  photo.weights_checksum = "fnv1a64:0123456789abcdef";
  EXPECT_EQ(parse_model_card(model_card_to_string(photo), "card.json"), photo);
  // Cards written before checksums have none.
  EXPECT_EQ(model_card_to_string(bins_card()).find("weights_checksum"), std::string::npos);
}

TEST(ModelCard, HintsWorkingSideAndTermsAreOptionalAndChecked) {
  // Cards written before these fields existed read as automatic models with no working side.
  const ModelCard older = parse_model_card(
      R"({"format_version": 1, "name": "m", "mode": "ab", "input_size": 0,
          "input": {"l_scale": 100, "l_offset": 0}, "output": {"ab_scale": 128}})",
      "card.json");
  EXPECT_FALSE(older.takes_hints);
  EXPECT_EQ(older.working_side, 0);
  EXPECT_EQ(older.training.terms, "");
  ModelCard card = ab_card();
  card.input_size = 0;
  card.input_multiple = 8;
  card.working_side = 4;
  EXPECT_EQ(error_of([&] { validate_model_card(card); }),
            "card.working_side: must be 0 (the caller's default) or, for an any-size model, a "
            "side of 8..16384 pixels, got 4");
  card.working_side = 256;
  card.input_size = 32;
  card.input_multiple = 1;
  EXPECT_NE(error_of([&] { validate_model_card(card); }), "no error");
  EXPECT_EQ(error_of([] {
              parse_model_card(
                  R"({"format_version": 1, "name": "m", "mode": "ab", "input_size": 0,
                      "input": {"l_scale": 100, "l_offset": 0, "hints": 1},
                      "output": {"ab_scale": 128}})",
                  "card.json");
            }),
            "card.json: card.input.hints: expected a boolean, got a number");
}

TEST(ModelCard, JsonLayout) {
  ModelCard card = palette_card();
  card.palette.resize(2);
  EXPECT_EQ(model_card_to_string(card),
            R"({
  "format_version": 1,
  "name": "palette-24",
  "description": "",
  "mode": "palette",
  "input_size": 0,
  "input_multiple": 1,
  "working_side": 0,
  "input": {
    "l_scale": 100.0,
    "l_offset": 0.0,
    "hints": false
  },
  "output": {
    "ab_scale": 128.0
  },
  "palette": [
    [
      0,
      0,
      0
    ],
    [
      255,
      128,
      7
    ]
  ],
  "temperature": 0.5,
  "output_is_logits": false,
  "parameters": 0,
  "training": {
    "preset": "",
    "data": "",
    "epochs": 0,
    "command": "",
    "machine": "",
    "duration_seconds": 0.0,
    "terms": ""
  },
  "metrics": {},
  "baseline_metrics": {},
  "created": "",
  "producer": ""
})");
  // Floats are written in their shortest form.
  EXPECT_NE(dump_json(to_json(ModelCard{ab_card()})).find("\"temperature\":0.38,"),
            std::string::npos);
  EXPECT_NE(dump_json(to_json(bins_card())).find("[0.1,-2.75]"), std::string::npos);
}

TEST(ModelCard, OptionalFieldsTakeDefaults) {
  const ModelCard card = parse_model_card(
      R"({"format_version": 1, "name": "m", "mode": "ab", "input_size": 64,
          "input": {"l_scale": 100, "l_offset": 0}, "output": {"ab_scale": 110}})",
      "card.json");
  EXPECT_EQ(card.name, "m");
  EXPECT_EQ(card.input_size, 64);
  EXPECT_EQ(card.ab_scale, 110.0f);
  EXPECT_EQ(card.temperature, 0.38f);
  EXPECT_TRUE(card.output_is_logits);
  EXPECT_EQ(card.parameters, 0);
  EXPECT_TRUE(card.metrics.empty());
  EXPECT_EQ(card.training, ModelTraining{});
}

TEST(ModelCard, EveryFieldIsValidated) {
  const auto set = [](const char* key, Json value) {
    return [key, value](Json& json) { json[key] = value; };
  };
  EXPECT_EQ(field_error([](Json&) {}), "no error");
  EXPECT_EQ(field_error(set("format_version", 2)),
            "card.format_version: unsupported version 2 (this build reads version 1)");
  EXPECT_EQ(field_error(set("format_version", "1")),
            "card.format_version: expected an integer, got a string");
  EXPECT_EQ(field_error(set("name", "")), "card.name: must not be empty");
  EXPECT_EQ(field_error(set("name", 7)), "card.name: expected a string, got a number");
  EXPECT_EQ(field_error(set("description", nullptr)),
            "card.description: expected a string, got null");
  EXPECT_EQ(field_error(set("mode", "foo")),
            "card.mode: unknown mode 'foo' (expected palette, ab, rgb or bins313)");
  EXPECT_EQ(field_error(set("input_size", -1)),
            "card.input_size: must be 0 (any size) or a side of 1..16384 pixels, got -1");
  EXPECT_EQ(field_error(set("input_size", 32.5)), "card.input_size: expected an integer, got 32.5");
  EXPECT_EQ(field_error([](Json& json) { json["input"]["l_scale"] = 0; }),
            "card.input.l_scale: must be a positive number, got 0");
  EXPECT_EQ(field_error([](Json& json) { json["input"]["l_scale"] = 1e300; }),
            "card.input.l_scale: must be a positive number, got inf");
  EXPECT_EQ(field_error([](Json& json) { json["input"]["l_offset"] = "0"; }),
            "card.input.l_offset: expected a number, got a string");
  EXPECT_EQ(field_error([](Json& json) { json["input"]["scale"] = 1; }),
            "card.input: unknown field 'scale'");
  EXPECT_EQ(field_error(set("input", Json::array())),
            "card.input: expected an object, got an array");
  EXPECT_EQ(field_error([](Json& json) { json["output"]["ab_scale"] = -128; }),
            "card.output.ab_scale: must be a positive number, got -128");
  EXPECT_EQ(field_error(set("temperature", 0)),
            "card.temperature: must be a positive number, got 0");
  EXPECT_EQ(field_error(set("output_is_logits", 1)),
            "card.output_is_logits: expected a boolean, got a number");
  EXPECT_EQ(field_error(set("parameters", -5)), "card.parameters: must be >= 0, got -5");
  EXPECT_EQ(field_error([](Json& json) { json["training"]["epochs"] = -1; }),
            "card.training.epochs: must be >= 0, got -1");
  EXPECT_EQ(field_error([](Json& json) { json["training"]["duration_seconds"] = -2.5; }),
            "card.training.duration_seconds: must be >= 0, got -2.5");
  EXPECT_EQ(field_error([](Json& json) { json["training"]["gpu"] = "x"; }),
            "card.training: unknown field 'gpu'");
  EXPECT_EQ(field_error([](Json& json) { json["metrics"]["psnr"] = "high"; }),
            "card.metrics.psnr: expected a number, got a string");
  EXPECT_EQ(field_error([](Json& json) { json["baseline_metrics"] = 3; }),
            "card.baseline_metrics: expected an object, got a number");
  EXPECT_EQ(field_error(set("temprature", 0.5)), "card: unknown field 'temprature'");
  EXPECT_EQ(field_error(set("created", false)), "card.created: expected a string, got a boolean");
  EXPECT_EQ(error_of([] { model_card_from_json(Json(1), "card"); }),
            "card: expected an object, got a number");
  for (const char* key : {"format_version", "name", "mode", "input_size", "input", "output"}) {
    Json json = to_json(ab_card());
    Json trimmed = Json::object();
    for (const JsonMember& member : json_object(json, "card"))
      if (member.first != key) trimmed[member.first] = member.second;
    EXPECT_EQ(error_of([&] { model_card_from_json(trimmed, "card"); }),
              std::string("card: missing field '") + key + "'");
  }
  EXPECT_EQ(field_error([](Json& json) { json["input"] = Json::object(); }),
            "card.input: missing field 'l_scale'");
}

TEST(ModelCard, PaletteAndBinsMatchTheMode) {
  const auto set = [](const char* key, const char* json_text) {
    const Json value = parse_json(json_text, "t");
    return [key, value](Json& json) { json[key] = value; };
  };
  EXPECT_EQ(field_error(set("palette", "[[1, 2, 3]]"), palette_card()),
            "card.palette: palette mode needs 2..256 colours, got 1");
  EXPECT_EQ(field_error(set("palette", "[]"), palette_card()),
            "card.palette: palette mode needs 2..256 colours, got 0");
  EXPECT_EQ(field_error(
                [](Json& json) {
                  Json palette = Json::array();
                  for (int i = 0; i < 257; ++i) palette.push_back(parse_json("[1, 2, 3]", "t"));
                  json["palette"] = palette;
                },
                palette_card()),
            "card.palette: palette mode needs 2..256 colours, got 257");
  EXPECT_EQ(field_error(set("palette", "[[1, 2, 3], [1, 300, 3]]"), palette_card()),
            "card.palette[1][1]: colour channel 300 is outside 0..255");
  EXPECT_EQ(field_error(set("palette", "[[1, 2, 3], [1, 2]]"), palette_card()),
            "card.palette[1]: expected [r, g, b], got 2 value(s)");
  EXPECT_EQ(field_error(set("palette", "[[1, 2, 3], [1, 2, 3.5]]"), palette_card()),
            "card.palette[1][2]: expected an integer, got 3.5");
  EXPECT_EQ(field_error(set("palette", "[[1, 2, 3], \"red\"]"), palette_card()),
            "card.palette[1]: expected an array, got a string");
  EXPECT_EQ(field_error(set("palette", "[[1, 2, 3], [4, 5, 6]]")),
            "card.palette: only palette mode has a palette (the mode is ab)");
  EXPECT_EQ(field_error([](Json& json) { json["palette"] = nullptr; }, palette_card()),
            "card.palette: expected an array, got null");

  EXPECT_EQ(field_error(set("mode", "\"bins313\"")),
            "card.bin_centres: bins313 mode needs 2..1024 ab bin centres (usually 313), got 0");
  EXPECT_EQ(field_error(set("bin_centres", "[[0, 0], [130, 5]]"), bins_card()),
            "card.bin_centres[1]: ab (130, 5) is outside -128..128");
  EXPECT_EQ(field_error(set("bin_centres", "[[0, 0], [1, 2, 3]]"), bins_card()),
            "card.bin_centres[1]: expected [a, b], got 3 value(s)");
  EXPECT_EQ(field_error(set("bin_centres", "[[0, 0], [1, null]]"), bins_card()),
            "card.bin_centres[1][1]: expected a number, got null");
  EXPECT_EQ(field_error(set("bin_centres", "[[0, 0], [1, 2]]")),
            "card.bin_centres: only bins313 mode has bin centres (the mode is ab)");
}

TEST(ModelCard, InvalidCardsAreNotWritten) {
  ModelCard card = ab_card();
  card.metrics["psnr"] = std::nan("");
  EXPECT_EQ(error_of([&] { to_json(card); }),
            "card.metrics.psnr: must be a finite number, got NaN");
  card = ab_card();
  card.temperature = -1.0f;
  EXPECT_EQ(error_of([&] { model_card_to_string(card); }),
            "card.temperature: must be a positive number, got -1");
  card = ab_card();
  card.name.clear();
  EXPECT_EQ(error_of([&] { model_card_metadata_entry(card); }), "card.name: must not be empty");
  card = bins_card();
  card.bin_centres[3][0] = std::nanf("");
  EXPECT_EQ(error_of([&] { validate_model_card(card, "model"); }),
            "model.bin_centres[3]: ab (NaN, -80) is outside -128..128");
}

TEST(ModelCard, ParseErrorsNameTheSource) {
  EXPECT_EQ(error_of([] { parse_model_card("{\"name\" 1}", "card.json"); }),
            "card.json: line 1, column 9: syntax error while parsing object separator - unexpected "
            "number literal; expected ':'");
  EXPECT_EQ(error_of([] { parse_model_card("[]", "card.json"); }),
            "card.json: card: expected an object, got an array");
  std::string text = model_card_to_string(ab_card());
  text.replace(text.find("\"ab\""), 4, "\"lab\"");
  EXPECT_EQ(error_of([&] { parse_model_card(text, "card.json"); }),
            "card.json: card.mode: unknown mode 'lab' (expected palette, ab, rgb or bins313)");
}

std::vector<std::uint8_t> model_with_metadata(
    std::vector<std::pair<std::string, std::string>> metadata) {
  OnnxModel model;
  model.graph.inputs.push_back({"L", kOnnxFloat, {OnnxDim{-1, "N"}, OnnxDim{1, ""}}});
  model.graph.outputs.push_back({"ab", kOnnxFloat, {OnnxDim{-1, "N"}, OnnxDim{1, ""}}});
  OnnxNode node;
  node.op_type = "Identity";
  node.inputs = {"L"};
  node.outputs = {"ab"};
  model.graph.nodes.push_back(node);
  model.metadata = std::move(metadata);
  return write_onnx_model(model);
}

TEST(ModelCard, LivesInOnnxMetadata) {
  for (const ModelCard& card : {ab_card(), palette_card(), bins_card()}) {
    const std::vector<std::uint8_t> bytes =
        model_with_metadata({{"other", "x"}, model_card_metadata_entry(card)});
    EXPECT_EQ(read_model_card_from_onnx(bytes.data(), bytes.size(), "m.onnx"), card);
  }
  EXPECT_EQ(model_card_metadata_entry(ab_card()).first, "tint.model_card");
  const std::vector<std::uint8_t> without = model_with_metadata({{"other", "x"}});
  EXPECT_EQ(error_of([&] { read_model_card_from_onnx(without.data(), without.size(), "m.onnx"); }),
            "m.onnx: no tint model card in the ONNX metadata; export the model with the tint "
            "trainer");
  const std::vector<std::uint8_t> bad_json = model_with_metadata({{kModelCardKey, "{"}});
  EXPECT_EQ(
      error_of([&] { read_model_card_from_onnx(bad_json.data(), bad_json.size(), "m.onnx"); }),
      "m.onnx: tint.model_card: line 1, column 2: syntax error while parsing object key - "
      "unexpected end of input; expected string literal");
  std::string text = dump_json(to_json(ab_card()));
  text.replace(text.find("\"temperature\":0.38"), 18, "\"temperature\":0");
  const std::vector<std::uint8_t> bad_card = model_with_metadata({{kModelCardKey, text}});
  EXPECT_EQ(
      error_of([&] { read_model_card_from_onnx(bad_card.data(), bad_card.size(), "m.onnx"); }),
      "m.onnx: tint.model_card: card.temperature: must be a positive number, got 0");
  EXPECT_EQ(error_of([] { read_model_card_from_onnx(nullptr, 0, "m.onnx"); }),
            "m.onnx: empty file (0 bytes), not an ONNX model");
}

}  // namespace
}  // namespace tint
