// `tint share`'s page builder: the page's files, escaping, replacing an earlier page, and refusing
// bad models, examples, names and folders before anything is written.
#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>

#include "reports/markup.hpp"
#include "site/share_site.hpp"
#include "tint/error.hpp"
#include "tint/file_io.hpp"
#include "tint/json.hpp"
#include "tint/model_card.hpp"
#include "tint/onnx_wire.hpp"

namespace tint::trainer {
namespace {

namespace fs = std::filesystem;

const fs::path kSource = TINT_SOURCE_DIR;
const std::string kPaletteModel = (kSource / "models/palette/tint-palette.onnx").string();
const std::string kPhotoModel = (kSource / "models/photo/tint-photo.onnx").string();

ModelCard model_card_of(const std::string& model_path) {
  const std::vector<std::uint8_t> bytes = read_file(model_path);
  return read_model_card_from_onnx(bytes.data(), bytes.size(), model_path);
}

void write_text(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path) << text;
}

// An any-size ab model (one 1x1 convolution) named `name`, whose card carries the training
// data's `terms` and the checksum of its weights.
void write_model_with_terms(const fs::path& path, const std::string& name,
                            const std::string& terms) {
  const auto dim = [](std::int64_t value, const char* param) {
    OnnxDim result;
    result.value = value;
    result.param = param;
    return result;
  };
  OnnxModel model;
  OnnxGraph& graph = model.graph;
  graph.inputs.push_back(
      {"input", kOnnxFloat, {dim(-1, "batch"), dim(1, ""), dim(-1, "height"), dim(-1, "width")}});
  graph.outputs.push_back(
      {"output", kOnnxFloat, {dim(-1, "batch"), dim(2, ""), dim(-1, "height"), dim(-1, "width")}});
  graph.initializers.push_back(onnx_float_tensor("weight", {2, 1, 1, 1}, {0.5f, -0.5f}));
  OnnxNode conv;
  conv.op_type = "Conv";
  conv.inputs = {"input", "weight"};
  conv.outputs = {"output"};
  conv.attributes = {OnnxAttribute::make_ints("kernel_shape", {1, 1})};
  graph.nodes.push_back(conv);
  ModelCard card;
  card.name = name;
  card.mode = ModelMode::kAb;
  card.training.terms = terms;
  card.weights_checksum = initializers_checksum(graph);
  model.metadata = {model_card_metadata_entry(card)};
  fs::create_directories(path.parent_path());
  write_file_atomic(path.string(), write_onnx_model(model));
}

// A built app's layout with the real page shell (web/) and stand-ins for the compiled files.
class ShareTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // The process id keeps the native and sanitizer builds' runs apart.
    root_ = fs::temp_directory_path() /
            ("tint_share_" +
             std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()) + "_" +
             std::to_string(getpid()));
    fs::remove_all(root_);
    app_ = root_ / "app";
    fs::create_directories(app_);
    for (const char* file : {"index.html", "manifest.webmanifest", "app.js", "sw.js", "style.css"})
      fs::copy_file(kSource / "web" / file, app_ / file);
    write_text(app_ / "tint_app.js", "// app\n");
    write_text(app_ / "tint_app.wasm", "wasm");
    write_text(app_ / "ort/ort.wasm.min.js", "// ort\n");
    write_text(app_ / "zip/client-zip.js", "// zip\n");
    write_text(app_ / "models/tint-photo.onnx", "the build's own model: not copied");
    write_text(app_ / "site.json", "{}");
    options_.app_dir = app_.string();
    options_.output_dir = (root_ / "page").string();
    options_.models = {kPhotoModel, kPaletteModel};
  }
  void TearDown() override { fs::remove_all(root_); }

  std::string page_file(const std::string& name) const {
    return read_text_file((fs::path(options_.output_dir) / name).string());
  }
  // The error build_shared_site throws, after checking that nothing was written.
  std::string error_of(const ShareOptions& options) const {
    try {
      build_shared_site(options);
    } catch (const Error& e) {
      for (const fs::directory_entry& entry : fs::recursive_directory_iterator(root_))
        EXPECT_EQ(entry.path().string().find(".partial"), std::string::npos) << entry.path();
      return e.what();
    }
    ADD_FAILURE() << "no error";
    return "";
  }

  fs::path root_, app_;
  ShareOptions options_;
};

TEST(EscapeMarkup, EscapesMarkupAndQuotesAndKeepsEverythingElse) {
  EXPECT_EQ(escape_markup("<script>alert(\"x\") & 'y'</script>"),
            "&lt;script&gt;alert(&quot;x&quot;) &amp; &#39;y&#39;&lt;/script&gt;");
  EXPECT_EQ(escape_markup("Färbung — 色"), "Färbung — 色");
}

TEST_F(ShareTest, WritesTheAppModelsExamplesEscapedTextAndTheCacheList) {
  options_.examples = {(kSource / "web/icons/icon-192.png").string()};
  options_.title = "<b>Birds</b>";
  options_.description = "\"quoted\" & <i>more</i>";
  const SharedSite site = build_shared_site(options_);

  const std::string html = page_file("index.html");
  EXPECT_NE(html.find("<title>&lt;b&gt;Birds&lt;/b&gt;</title>"), std::string::npos);
  EXPECT_NE(html.find("<h1 id=\"site-title\">&lt;b&gt;Birds&lt;/b&gt;</h1>"), std::string::npos);
  EXPECT_NE(html.find("content=\"&quot;quoted&quot; &amp; &lt;i&gt;more&lt;/i&gt;\""),
            std::string::npos);
  EXPECT_NE(
      html.find("<p id=\"site-description\">&quot;quoted&quot; &amp; &lt;i&gt;more&lt;/i&gt;</p>"),
      std::string::npos);
  EXPECT_EQ(html.find("<b>"), std::string::npos);
  EXPECT_NE(html.find("id=\"privacy\""), std::string::npos);

  const Json manifest = parse_json(page_file("manifest.webmanifest"), "manifest");
  EXPECT_EQ(json_string(json_at(manifest, "name", "manifest"), "name"), "<b>Birds</b>");

  const Json site_json = parse_json(page_file("site.json"), "site.json");
  EXPECT_EQ(dump_json(site_json),
            "{\"models\":[\"models/tint-photo.onnx\",\"models/tint-palette.onnx\"],"
            "\"examples\":[\"examples/icon-192.png\"]}");
  // The models are the ones given, byte for byte, not the build's.
  EXPECT_EQ(read_file((fs::path(options_.output_dir) / "models/tint-photo.onnx").string()),
            read_file(kPhotoModel));

  const std::string precache = page_file("precache.js");
  EXPECT_NE(precache.find("self.APP_VERSION = '" + site.version + "';"), std::string::npos);
  for (const char* file :
       {"\"./\"", "\"app.js\"", "\"examples/icon-192.png\"", "\"index.html\"",
        "\"models/tint-palette.onnx\"", "\"ort/ort.wasm.min.js\"", "\"precache.js\"",
        "\"site.json\"", "\"sw.js\"", "\"tint_app.wasm\"", "\"zip/client-zip.js\""})
    EXPECT_NE(precache.find(file), std::string::npos) << file;
  EXPECT_EQ(site.files, 14u);

  // Another title is another version: visitors' service workers fetch the new page.
  options_.title = "Birds";
  EXPECT_NE(build_shared_site(options_).version, site.version);
}

TEST_F(ShareTest, TitleAndDescriptionDefaultToTheFirstModelsCard) {
  const ModelCard card = model_card_of(kPhotoModel);
  ASSERT_FALSE(card.description.empty());
  build_shared_site(options_);
  const std::string html = page_file("index.html");
  EXPECT_NE(html.find("<title>" + escape_markup(card.name) + "</title>"), std::string::npos);
  EXPECT_NE(html.find("<p id=\"site-description\">" + escape_markup(card.description) + "</p>"),
            std::string::npos);
}

TEST_F(ShareTest, StatesTheTermsOfEachModelsTrainingDataEscaped) {
  // The palette model was trained on CIFAR-10, whose card states no terms.
  ASSERT_TRUE(model_card_of(kPaletteModel).training.terms.empty());
  options_.models = {kPaletteModel};
  build_shared_site(options_);
  EXPECT_NE(page_file("index.html").find("<p id=\"site-terms\"></p>"), std::string::npos);

  const fs::path research = root_ / "research.onnx", imagenet = root_ / "imagenet.onnx";
  write_model_with_terms(research, "<i>Research</i> model",
                         "Non-commercial \"research\" & teaching <only>");
  write_model_with_terms(imagenet, "photo", "ImageNet's terms: non-commercial use only");
  options_.models = {research.string(), kPaletteModel, imagenet.string()};
  build_shared_site(options_);
  const std::string html = page_file("index.html");
  EXPECT_NE(html.find("<p id=\"site-terms\">"
                      "<span>Data terms of &lt;i&gt;Research&lt;/i&gt; model (research.onnx): "
                      "Non-commercial &quot;research&quot; &amp; teaching &lt;only&gt;</span>"
                      "<span>Data terms of photo (imagenet.onnx): ImageNet&#39;s terms: "
                      "non-commercial use only</span></p>"),
            std::string::npos)
      << html;
  EXPECT_EQ(html.find("tint-palette (tint-palette.onnx)"), std::string::npos);
  EXPECT_EQ(html.find("<i>"), std::string::npos);
  EXPECT_EQ(html.find("<only>"), std::string::npos);

  // The default photo model states its data's terms on every page that carries it.
  const ModelCard photo = model_card_of(kPhotoModel);
  ASSERT_FALSE(photo.training.terms.empty());
  options_.models = {kPhotoModel};
  build_shared_site(options_);
  EXPECT_NE(page_file("index.html")
                .find("<span>" +
                      escape_markup("Data terms of " + photo.name +
                                    " (tint-photo.onnx): " + photo.training.terms) +
                      "</span>"),
            std::string::npos);
}

TEST_F(ShareTest, ReplacesAPageBuiltBeforeButNoOtherFolder) {
  build_shared_site(options_);
  write_text(fs::path(options_.output_dir) / "stale.txt", "from the last page");
  options_.models = {kPaletteModel};
  build_shared_site(options_);
  EXPECT_FALSE(fs::exists(fs::path(options_.output_dir) / "stale.txt"));
  EXPECT_FALSE(fs::exists(fs::path(options_.output_dir) / "models/tint-photo.onnx"));
  EXPECT_FALSE(fs::exists(root_ / ".page.previous"));

  const fs::path documents = root_ / "documents";
  write_text(documents / "letter.txt", "keep me");
  options_.output_dir = documents.string();
  EXPECT_NE(error_of(options_).find("is not a page built by tint share"), std::string::npos);
  EXPECT_EQ(read_text_file((documents / "letter.txt").string()), "keep me");
  options_.output_dir = (app_ / "page").string();
  EXPECT_NE(error_of(options_).find("cannot be built inside the app folder"), std::string::npos);
}

TEST_F(ShareTest, TakesTheOutputFolderWithOrWithoutATrailingSlash) {
  options_.output_dir = (root_ / "page").string() + "/";
  build_shared_site(options_);
  build_shared_site(options_);  // replacing it, too
  EXPECT_TRUE(fs::exists(root_ / "page" / "site.json"));
  for (const fs::directory_entry& entry : fs::directory_iterator(root_))
    EXPECT_NE(entry.path().filename().string().front(), '.') << entry.path();

  fs::create_directory_symlink(root_ / "page", root_ / "link");
  options_.output_dir = (root_ / "link").string();
  EXPECT_NE(error_of(options_).find("is a symbolic link"), std::string::npos);
}

TEST_F(ShareTest, NamesADamagedModelAsDamagedBeforeWritingAnything) {
  const fs::path good = root_ / "good.onnx", damaged = root_ / "damaged.onnx";
  write_model_with_terms(good, "good", "");
  options_.models = {good.string()};
  EXPECT_NO_THROW(build_shared_site(options_));
  // The weight 0.5f (bytes 00 00 00 3f) with one bit of its mantissa flipped.
  std::vector<std::uint8_t> bytes = read_file(good.string());
  const std::uint8_t half[] = {0x00, 0x00, 0x00, 0x3f};
  const auto at = std::search(bytes.begin(), bytes.end(), std::begin(half), std::end(half));
  ASSERT_NE(at, bytes.end());
  at[1] ^= 0x01;
  write_file_atomic(damaged.string(), bytes);
  fs::remove_all(options_.output_dir);
  options_.models = {damaged.string()};
  EXPECT_EQ(error_of(options_),
            damaged.string() +
                ": damaged: its weights do not match the checksum its model card holds (the file "
                "changed after tint exported it); export it again or use another copy");
  EXPECT_FALSE(fs::exists(options_.output_dir));
}

TEST_F(ShareTest, RefusesBadInputBeforeWritingAnything) {
  const fs::path text = root_ / "notes.onnx";
  write_text(text, "not a model");
  options_.models = {kPhotoModel, text.string()};
  EXPECT_NE(error_of(options_).find(text.string() + ": not a readable ONNX model"),
            std::string::npos);

  options_.models = {kPhotoModel, kPhotoModel};
  EXPECT_NE(error_of(options_).find("two models are named tint-photo.onnx"), std::string::npos);

  const fs::path spaced = root_ / "my model.onnx";
  fs::copy_file(kPhotoModel, spaced);
  options_.models = {spaced.string()};
  EXPECT_NE(error_of(options_).find("the file name 'my model.onnx' may only hold letters"),
            std::string::npos);

  const fs::path broken = root_ / "broken.png";
  write_text(broken, "\x89PNG broken");
  options_.models = {kPhotoModel};
  options_.examples = {broken.string()};
  EXPECT_NE(error_of(options_).find(broken.string()), std::string::npos);

  options_.examples = {};
  options_.models = {};
  EXPECT_NE(error_of(options_).find("no model given"), std::string::npos);

  options_.models = {kPhotoModel};
  fs::remove(app_ / "tint_app.wasm");
  EXPECT_NE(error_of(options_).find("not a built tint browser app (tint_app.wasm is missing)"),
            std::string::npos);
  EXPECT_FALSE(fs::exists(options_.output_dir));
}

}  // namespace
}  // namespace tint::trainer
