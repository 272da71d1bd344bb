#include "reports/run_report.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "test_support.hpp"
#include "tint/file_io.hpp"
#include "tint/image_io.hpp"

namespace tint::trainer {
namespace {

using test::error_of;

constexpr double kInf = std::numeric_limits<double>::infinity();

// A fresh, empty folder for one test.
std::string temp_folder(const std::string& name) {
  const std::string folder = ::testing::TempDir() + "tint_run_report_" + name;
  std::filesystem::remove_all(folder);
  return folder;
}

EpochRecord make_record(int epoch, double train_loss, double validation_loss,
                        std::map<std::string, double> metrics) {
  EpochRecord record;
  record.epoch = epoch;
  record.train_loss = train_loss;
  record.validation_loss = validation_loss;
  record.learning_rate = 0.001;
  record.metrics = std::move(metrics);
  record.seconds = 12.5;
  record.images_per_second = 4000;
  return record;
}

// Equal, with NaN equal to NaN.
bool same(double a, double b) { return (std::isnan(a) && std::isnan(b)) || a == b; }

void expect_same_record(const EpochRecord& actual, const EpochRecord& expected) {
  EXPECT_EQ(actual.epoch, expected.epoch);
  EXPECT_TRUE(same(actual.train_loss, expected.train_loss)) << actual.train_loss;
  EXPECT_TRUE(same(actual.validation_loss, expected.validation_loss)) << actual.validation_loss;
  EXPECT_TRUE(same(actual.learning_rate, expected.learning_rate)) << actual.learning_rate;
  EXPECT_TRUE(same(actual.seconds, expected.seconds)) << actual.seconds;
  EXPECT_TRUE(same(actual.images_per_second, expected.images_per_second));
  ASSERT_EQ(actual.metrics.size(), expected.metrics.size()) << "epoch " << expected.epoch;
  for (const auto& [name, value] : expected.metrics) {
    ASSERT_EQ(actual.metrics.count(name), 1u) << name;
    EXPECT_TRUE(same(actual.metrics.at(name), value)) << name << " = " << actual.metrics.at(name);
  }
}

TEST(RunReport, AppendsJsonlAndCsvAndReadsThemBackAfterAResumedRun) {
  const std::string folder = temp_folder("log");
  const std::vector<EpochRecord> first_run = {
      make_record(1, 0.75, kNotMeasured, {{"psnr", 21.5}, {"auc", 0.875}}),
      make_record(2, 0.5, 0.625, {{"psnr", kInf}, {"auc", 0.9}}),
  };
  for (const EpochRecord& record : first_run) append_epoch_record(folder, record);
  std::vector<EpochRecord> records = read_epoch_records(metrics_jsonl_path(folder));
  ASSERT_EQ(records.size(), 2u);
  for (std::size_t i = 0; i < records.size(); ++i) expect_same_record(records[i], first_run[i]);

  // The resumed run logs a metric that is not a CSV column and misses one that is.
  const EpochRecord resumed = make_record(3, 0.25, 0.375, {{"auc", -kInf}, {"colourfulness", 30}});
  append_epoch_record(folder, resumed);
  records = read_epoch_records(metrics_jsonl_path(folder));
  ASSERT_EQ(records.size(), 3u);
  expect_same_record(records[0], first_run[0]);
  expect_same_record(records[1], first_run[1]);
  expect_same_record(records[2], resumed);

  EXPECT_EQ(read_text_file(metrics_csv_path(folder)),
            "epoch,train_loss,validation_loss,learning_rate,seconds,images_per_second,auc,psnr\n"
            "1,0.75,,0.001,12.5,4000,0.875,21.5\n"
            "2,0.5,0.625,0.001,12.5,4000,0.9,inf\n"
            "3,0.25,0.375,0.001,12.5,4000,-inf,\n");
  const std::string jsonl = read_text_file(metrics_jsonl_path(folder));
  EXPECT_NE(jsonl.find("\"validation_loss\":null"), std::string::npos) << jsonl;
  EXPECT_NE(jsonl.find("\"psnr\":\"inf\""), std::string::npos) << jsonl;
}

TEST(RunReport, LaterLineForAnEpochWinsAndRecordsComeSortedByEpoch) {
  const std::string folder = temp_folder("repeat");
  append_epoch_record(folder, make_record(2, 0.5, 0.5, {}));
  append_epoch_record(folder, make_record(3, 0.4, 0.4, {}));
  append_epoch_record(folder, make_record(3, 0.3, 0.3, {}));  // resumed from epoch 2's checkpoint
  append_epoch_record(folder, make_record(1, 0.9, 0.9, {}));
  const std::vector<EpochRecord> records = read_epoch_records(metrics_jsonl_path(folder));
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[0].epoch, 1);
  EXPECT_EQ(records[1].epoch, 2);
  EXPECT_EQ(records[2].epoch, 3);
  EXPECT_EQ(records[2].train_loss, 0.3);
}

TEST(RunReport, LogErrorsNameTheFileAndLine) {
  const std::string folder = temp_folder("errors");
  std::filesystem::create_directories(folder);
  const std::string jsonl = metrics_jsonl_path(folder);
  write_file_atomic(jsonl, std::string("{\"epoch\":1,\"train_loss\":0.5}\n\n{\"epoch\":2,"));
  EXPECT_NE(error_of([&] { read_epoch_records(jsonl); }).find(jsonl + ":3: line 1"),
            std::string::npos);
  write_file_atomic(jsonl, std::string("{\"epoch\":1,\"train_loss\":\"fast\"}\n"));
  EXPECT_EQ(error_of([&] { read_epoch_records(jsonl); }),
            jsonl + ":1: train_loss: expected a number, null, \"inf\" or \"-inf\", got \"fast\"");
  write_file_atomic(jsonl, std::string("{\"train_loss\":0.5}\n"));
  EXPECT_EQ(error_of([&] { read_epoch_records(jsonl); }), jsonl + ":1: missing field 'epoch'");
  EXPECT_NE(error_of([&] { read_epoch_records(folder + "/missing.jsonl"); }).find("missing.jsonl"),
            std::string::npos);

  const std::string csv = metrics_csv_path(folder);
  write_file_atomic(csv, std::string("step,loss\n1,0.5\n"));
  EXPECT_EQ(error_of([&] { append_epoch_record(folder, make_record(2, 0.5, 0.5, {})); }),
            csv +
                ": header 'step,loss' does not start with "
                "epoch,train_loss,validation_loss,learning_rate,seconds,images_per_second");
  EXPECT_EQ(error_of([&] {
              append_epoch_record(folder, make_record(2, 0.5, 0.5, {{"a,b", 1}}));
            }),
            "epoch record: metric name 'a,b' contains a comma, quote or line break");
}

// A w x h image whose every sample differs from its neighbours' and from the white background.
Image8 pattern(int width, int height, int channels, int seed) {
  Image8 image(width, height, channels);
  for (std::size_t i = 0; i < image.sample_count(); ++i)
    image.data()[i] = static_cast<std::uint8_t>((seed * 37 + static_cast<int>(i) * 11) % 200);
  return image;
}

// The grid's cell (column, row) shows `source` upscaled by `scale` and centred, on white.
void expect_cell(const Image8& grid, const Image8& source, int column, int row, int scale,
                 int cell_width, int cell_height, int separator) {
  const int cell_left = separator + column * (cell_width + separator);
  const int cell_top = separator + row * (cell_height + separator);
  const int left = cell_left + (cell_width - source.width() * scale) / 2;
  const int top = cell_top + (cell_height - source.height() * scale) / 2;
  for (int y = cell_top; y < cell_top + cell_height; ++y)
    for (int x = cell_left; x < cell_left + cell_width; ++x) {
      const bool inside = x >= left && x < left + source.width() * scale && y >= top &&
                          y < top + source.height() * scale;
      for (int c = 0; c < 3; ++c) {
        const int expected = inside
                                 ? source.pixel((x - left) / scale,
                                                (y - top) / scale)[source.channels() == 3 ? c : 0]
                                 : 255;
        ASSERT_EQ(grid.pixel(x, y)[c], expected)
            << "cell " << column << "," << row << " at " << x << "," << y << " channel " << c;
      }
    }
}

TEST(RunReport, GridShowsEachExampleUpscaledInARow) {
  ComparisonExamples examples;
  examples.gray = {pattern(4, 3, 1, 1), pattern(2, 5, 3, 2)};
  examples.truth = {pattern(4, 3, 3, 3), pattern(2, 5, 3, 4)};
  examples.predicted = {pattern(4, 3, 3, 5), pattern(2, 5, 3, 6)};
  GridOptions options;
  options.scale = 3;
  options.separator = 2;
  const Image8 grid = make_comparison_grid(examples, options);
  // Cells of the largest image, 4x5 upscaled to 12x15.
  ASSERT_EQ(grid.width(), 3 * 12 + 4 * 2);
  ASSERT_EQ(grid.height(), 2 * 15 + 3 * 2);
  ASSERT_EQ(grid.channels(), 3);
  for (int row = 0; row < 2; ++row) {
    expect_cell(grid, examples.gray[row], 0, row, 3, 12, 15, 2);
    expect_cell(grid, examples.truth[row], 1, row, 3, 12, 15, 2);
    expect_cell(grid, examples.predicted[row], 2, row, 3, 12, 15, 2);
  }
  for (int x = 0; x < grid.width(); ++x)  // the separator above the first row
    for (int y = 0; y < 2; ++y) EXPECT_EQ(grid.pixel(x, y)[1], 255);
}

TEST(RunReport, GridScalesSmallImagesToVisibleCellsByDefault) {
  ComparisonExamples examples;
  examples.gray = {pattern(32, 32, 3, 1)};
  examples.truth = {pattern(32, 32, 3, 2)};
  examples.predicted = {pattern(32, 32, 3, 3)};
  const Image8 grid = make_comparison_grid(examples);
  EXPECT_EQ(grid.width(), 3 * 128 + 4 * 2);
  EXPECT_EQ(grid.height(), 128 + 2 * 2);
  expect_cell(grid, examples.predicted[0], 2, 0, 4, 128, 128, 2);
}

TEST(RunReport, GridRejectsBadInput) {
  const Image8 image = pattern(4, 4, 3, 1);
  EXPECT_EQ(error_of([] { make_comparison_grid({}); }), "comparison grid: no examples");
  EXPECT_EQ(error_of([&] {
              make_comparison_grid({{image, image}, {image, image}, {image}});
            }),
            "comparison grid: expected as many ground truths and predictions as gray inputs, got "
            "2 gray, 2 ground truth and 1 predicted images");
  EXPECT_EQ(error_of([&] {
              make_comparison_grid({{image, image}, {image, Image8()}, {image, image}});
            }),
            "comparison grid: example 1: ground truth: empty image");
  EXPECT_EQ(
      error_of([&] {
        make_comparison_grid({{image}, {image}, {Image8(4, 4, 2)}});
      }),
      "comparison grid: example 0: prediction: expected an RGB or gray image, got 2 channels");
  GridOptions negative;
  negative.scale = -1;
  EXPECT_EQ(error_of([&] {
              make_comparison_grid({{image}, {image}, {image}}, negative);
            }),
            "comparison grid: scale must be >= 0, got -1");
  GridOptions huge;
  huge.scale = 5000;
  EXPECT_NE(error_of([&] {
              make_comparison_grid({{image}, {image}, {image}}, huge);
            }).find("comparison grid: image of 60008x20004 pixels is over the limit"),
            std::string::npos);
}

// The (x, y) points of each polyline in the SVG, in document order.
std::vector<std::vector<std::pair<double, double>>> polylines(const std::string& svg) {
  std::vector<std::vector<std::pair<double, double>>> lines;
  for (std::size_t at = svg.find("<polyline"); at != std::string::npos;
       at = svg.find("<polyline", at + 1)) {
    const std::size_t begin = svg.find("points=\"", at) + 8;
    const std::string points = svg.substr(begin, svg.find('"', begin) - begin);
    std::vector<std::pair<double, double>> line;
    const char* cursor = points.c_str();
    for (char* end = nullptr;; cursor = end + 1) {  // "x,y x,y ..."
      const double x = std::strtod(cursor, &end);
      if (end == cursor) break;
      const double y = std::strtod(end + 1, &end);
      line.emplace_back(x, y);
    }
    lines.push_back(line);
  }
  return lines;
}

// Whether Python's XML parser accepts the file.
bool is_well_formed_xml(const std::string& path) {
  const std::string command =
      "/usr/bin/python3 -c 'import sys, xml.etree.ElementTree as E; E.parse(sys.argv[1])' '" +
      path + "'";
  return std::system(command.c_str()) == 0;
}

TEST(RunReport, CurvesAreWellFormedSvgWithOnePolylinePerSeriesSkippingNaN) {
  std::vector<EpochRecord> records;
  for (int epoch = 1; epoch <= 6; ++epoch)
    records.push_back(
        make_record(epoch, 1.0 / epoch, 1.2 / epoch, {{"psnr", 20.0 + epoch}, {"auc <&>", 0.8}}));
  records[2].validation_loss = kNotMeasured;
  records[3].metrics["psnr"] = kInf;
  const std::string svg = plot_training_curves(records);
  const std::string path = temp_folder("curves") + ".svg";
  write_file_atomic(path, svg);
  EXPECT_TRUE(is_well_formed_xml(path)) << path;

  // train, validation, then the metrics in name order: "auc <&>" (constant) and psnr.
  const auto lines = polylines(svg);
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[0].size(), 6u);
  EXPECT_EQ(lines[1].size(), 5u);  // the NaN is skipped
  EXPECT_EQ(lines[2].size(), 6u);
  EXPECT_EQ(lines[3].size(), 5u);  // the infinity is skipped
  for (const auto& line : lines)
    for (const auto& [x, y] : line) {
      EXPECT_TRUE(std::isfinite(x) && x >= 0 && x <= 800) << x;
      EXPECT_TRUE(std::isfinite(y) && y >= 0) << y;
    }
  // Train loss falls: its points go down the chart (SVG y grows downwards) left to right.
  EXPECT_LT(lines[0].front().first, lines[0].back().first);
  EXPECT_LT(lines[0].front().second, lines[0].back().second);
  EXPECT_NE(svg.find("auc &lt;&amp;&gt;"), std::string::npos);
  EXPECT_NE(svg.find("psnr (last 26)"), std::string::npos);
  EXPECT_EQ(svg.find("nan"), std::string::npos);
}

TEST(RunReport, CurvesHandleASingleEpochAndSeriesWithoutValues) {
  const std::string svg = plot_training_curves({make_record(7, 0.5, kNotMeasured, {})});
  const std::string path = temp_folder("single") + ".svg";
  write_file_atomic(path, svg);
  EXPECT_TRUE(is_well_formed_xml(path)) << path;
  const auto lines = polylines(svg);
  ASSERT_EQ(lines.size(), 1u);  // train only: validation has no values
  ASSERT_EQ(lines[0].size(), 1u);
  EXPECT_TRUE(std::isfinite(lines[0][0].first) && std::isfinite(lines[0][0].second));
  EXPECT_NE(svg.find("<circle"), std::string::npos);  // the single point is visible
  EXPECT_NE(svg.find("validation (no finite values)"), std::string::npos);
  EXPECT_EQ(svg.find("nan"), std::string::npos);
  EXPECT_EQ(error_of([] { plot_training_curves({}); }), "training curves: no epoch records");
}

TEST(RunReport, WritesCurvesGridAndIndexIntoTheRunFolder) {
  const std::string folder = temp_folder("report");
  std::vector<EpochRecord> records;
  for (int epoch = 1; epoch <= 20; ++epoch) {
    records.push_back(make_record(epoch, 2.0 * std::exp(-epoch / 6.0) + 0.3,
                                  2.1 * std::exp(-epoch / 7.0) + 0.4,
                                  {{"psnr", 18 + 6 * (1 - std::exp(-epoch / 5.0))},
                                   {"auc", 0.80 + 0.1 * (1 - std::exp(-epoch / 8.0))},
                                   {"colourfulness", 25 + (epoch % 4)}}));
    append_epoch_record(folder, records.back());
  }
  const Image8 truth = read_image(test::fixture("rgb.png"));
  Image8 gray = truth;
  for (std::size_t i = 0; i < gray.pixel_count(); ++i) {
    std::uint8_t* pixel = gray.data() + 3 * i;
    pixel[0] = pixel[1] = pixel[2] =
        static_cast<std::uint8_t>((pixel[0] * 299 + pixel[1] * 587 + pixel[2] * 114) / 1000);
  }
  Image8 predicted = truth;
  for (std::size_t i = 0; i < predicted.sample_count(); ++i)
    predicted.data()[i] = static_cast<std::uint8_t>((predicted.data()[i] + gray.data()[i]) / 2);
  const ComparisonExamples examples{{gray, gray}, {truth, truth}, {predicted, gray}};

  write_run_report(folder, read_epoch_records(metrics_jsonl_path(folder)), examples);
  EXPECT_TRUE(is_well_formed_xml(folder + "/report.svg"));
  EXPECT_EQ(polylines(read_text_file(folder + "/report.svg")).size(), 5u);
  EXPECT_EQ(read_image(folder + "/comparison.png"), make_comparison_grid(examples));
  const std::string html = read_text_file(folder + "/report.html");
  for (const char* link : {"report.svg", "comparison.png", "metrics.csv", "metrics.jsonl"})
    EXPECT_NE(html.find(std::string("\"") + link + "\""), std::string::npos) << link;

  // Without examples there is no grid, and the index does not show one.
  const std::string bare = temp_folder("report_bare");
  write_run_report(bare, records, {});
  EXPECT_TRUE(std::filesystem::exists(bare + "/report.svg"));
  EXPECT_FALSE(std::filesystem::exists(bare + "/comparison.png"));
  EXPECT_EQ(read_text_file(bare + "/report.html").find("comparison.png"), std::string::npos);
  EXPECT_EQ(error_of([&] { write_run_report(bare, {}, {}); }),
            bare + ": run report: no epoch records");
}

}  // namespace
}  // namespace tint::trainer
