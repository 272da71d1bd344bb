#include "reports/run_report.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <limits>
#include <set>
#include <sstream>
#include <utility>

#include "reports/markup.hpp"
#include "tint/error.hpp"
#include "tint/file_io.hpp"
#include "tint/image_io.hpp"
#include "tint/json.hpp"

namespace tint::trainer {
namespace {

// ---- metrics log -----------------------------------------------------------------------------

// The record's numbers besides epoch and metrics, in column order: one list for the JSONL, the CSV
// and the report, so that they cannot drift apart.
struct NumberField {
  const char* name;
  double EpochRecord::*value;
};
constexpr NumberField kNumberFields[] = {
    {"train_loss", &EpochRecord::train_loss},
    {"validation_loss", &EpochRecord::validation_loss},
    {"learning_rate", &EpochRecord::learning_rate},
    {"seconds", &EpochRecord::seconds},
    {"images_per_second", &EpochRecord::images_per_second},
};

constexpr double kInfinity = std::numeric_limits<double>::infinity();

// JSON has no NaN or infinity: NaN (not measured) becomes null, infinities the strings "inf" and
// "-inf".
Json number_to_json(double value) {
  if (std::isnan(value)) return Json();
  if (std::isinf(value)) return Json(value > 0 ? "inf" : "-inf");
  return Json(value);
}

double number_from_json(const Json& value, const std::string& where) {
  if (value.is_null()) return kNotMeasured;
  if (value.is_string()) {
    const std::string& text = json_string(value, where);
    if (text == "inf") return kInfinity;
    if (text == "-inf") return -kInfinity;
    fail(where, "expected a number, null, \"inf\" or \"-inf\", got \"" + text + "\"");
  }
  return json_number(value, where);
}

// The same conventions in a CSV cell (an empty cell is what spreadsheets and pandas read as NaN).
std::string number_to_csv(double value) { return std::isnan(value) ? "" : number_text(value); }

void check_metric_name(const std::string& name) {
  if (name.empty()) fail("epoch record", "empty metric name");
  if (name.find_first_of(",\"\r\n") != std::string::npos)
    fail("epoch record", "metric name '" + name + "' contains a comma, quote or line break");
}

Json record_to_json(const EpochRecord& record) {
  Json json = Json::object();
  json["epoch"] = record.epoch;
  for (const NumberField& field : kNumberFields)
    json[field.name] = number_to_json(record.*field.value);
  Json metrics = Json::object();
  for (const auto& [name, value] : record.metrics) metrics[name] = number_to_json(value);
  json["metrics"] = std::move(metrics);
  if (record.processes > 0) json["processes"] = record.processes;
  if (record.global_batch > 0) json["global_batch"] = record.global_batch;
  return json;
}

// Absent fields read as not measured, unknown ones are ignored, so that logs written by older or
// newer versions still load.
EpochRecord record_from_json(const Json& json, const std::string& where) {
  EpochRecord record;
  record.epoch = json_int(json_at(json, "epoch", where), where + ": epoch");
  for (const NumberField& field : kNumberFields)
    if (const Json* value = json_find(json, field.name))
      record.*field.value = number_from_json(*value, where + ": " + field.name);
  if (const Json* metrics = json_find(json, "metrics"))
    for (const auto& [name, value] : json_object(*metrics, where + ": metrics"))
      record.metrics[name] = number_from_json(value, where + ": metrics." + name);
  if (const Json* processes = json_find(json, "processes"))
    record.processes = json_int(*processes, where + ": processes");
  if (const Json* global_batch = json_find(json, "global_batch"))
    record.global_batch = json_int64(*global_batch, where + ": global_batch");
  return record;
}

std::vector<std::string> split(const std::string& text, char separator) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (std::size_t end; (end = text.find(separator, start)) != std::string::npos; start = end + 1)
    parts.push_back(text.substr(start, end - start));
  parts.push_back(text.substr(start));
  return parts;
}

std::string join(const std::vector<std::string>& parts, char separator) {
  std::string text;
  for (std::size_t i = 0; i < parts.size(); ++i)
    text += (i ? std::string(1, separator) : "") + parts[i];
  return text;
}

std::vector<std::string> fixed_csv_columns() {
  std::vector<std::string> columns = {"epoch"};
  for (const NumberField& field : kNumberFields) columns.push_back(field.name);
  return columns;
}

std::string read_text_if_exists(const std::string& path) {
  std::error_code error;
  return std::filesystem::exists(path, error) ? read_text_file(path) : std::string();
}

// The metric columns of an existing CSV's header, which must start with the fixed columns.
std::vector<std::string> metric_columns_of(const std::string& csv_text, const std::string& path) {
  std::string header = csv_text.substr(0, csv_text.find('\n'));
  if (!header.empty() && header.back() == '\r') header.pop_back();
  std::vector<std::string> columns = split(header, ',');
  const std::vector<std::string> fixed = fixed_csv_columns();
  if (columns.size() < fixed.size() || !std::equal(fixed.begin(), fixed.end(), columns.begin()))
    fail(path, "header '" + header + "' does not start with " + join(fixed, ','));
  return std::vector<std::string>(columns.begin() + static_cast<std::ptrdiff_t>(fixed.size()),
                                  columns.end());
}

// Rewrites the whole file with one more line, atomically: an interrupted run never leaves half a
// line behind, and the logs are small.
void write_with_line(const std::string& path, std::string text, const std::string& line) {
  if (!text.empty() && text.back() != '\n') text += '\n';
  write_file_atomic(path, text + line + '\n');
}

// ---- comparison grid -------------------------------------------------------------------------

void check_example_image(const Image8& image, const std::string& what, std::size_t index) {
  const std::string where = "comparison grid: example " + std::to_string(index) + ": " + what;
  if (image.empty()) fail(where, "empty image");
  if (image.channels() != 1 && image.channels() != 3)
    fail(where,
         "expected an RGB or gray image, got " + std::to_string(image.channels()) + " channels");
}

// Copies `image` upscaled by `scale` (nearest neighbour) with its top-left corner at (left, top);
// gray is replicated to RGB.
void paste_upscaled(const Image8& image, int scale, int left, int top, Image8& grid) {
  for (int y = 0; y < image.height() * scale; ++y)
    for (int x = 0; x < image.width() * scale; ++x) {
      const std::uint8_t* source = image.pixel(x / scale, y / scale);
      std::uint8_t* target = grid.pixel(left + x, top + y);
      for (int c = 0; c < 3; ++c) target[c] = source[image.channels() == 3 ? c : 0];
    }
}

// ---- curves ----------------------------------------------------------------------------------

struct Series {
  std::string name;
  const char* colour;
  std::vector<std::pair<double, double>> points;  // (epoch, value), finite values only
};

struct Chart {
  std::string title;
  std::vector<Series> series;
};

struct Range {
  double low;
  double high;
};

// Series colours (the Tableau 10 palette): train blue, validation orange, then the metrics.
constexpr const char* kColours[] = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
                                    "#8c564b", "#e377c2", "#17becf", "#bcbd22", "#7f7f7f"};
constexpr int kColourCount = static_cast<int>(sizeof(kColours) / sizeof(kColours[0]));

// Layout in SVG user units (pixels).
constexpr double kWidth = 800;
constexpr double kHeaderHeight = 40;
constexpr double kLossChartHeight = 340;
constexpr double kMetricChartHeight = 250;
constexpr int kMetricChartsPerRow = 2;
// Within a chart: room for the title and legend above the plot, tick labels left and below.
constexpr double kPlotTop = 50;
constexpr double kPlotLeft = 70;
constexpr double kPlotRight = 20;
constexpr double kPlotBottom = 45;
// Room around the data, as a fraction of its span.
constexpr double kPlotMargin = 0.03;
// Points are marked only when few enough to stay apart (and a single epoch needs a marker).
constexpr std::size_t kMaxMarkedPoints = 30;

Series make_series(std::string name, const char* colour, const std::vector<EpochRecord>& records,
                   const std::function<double(const EpochRecord&)>& value_of) {
  Series series{std::move(name), colour, {}};
  for (const EpochRecord& record : records) {
    const double value = value_of(record);
    if (std::isfinite(value)) series.points.emplace_back(record.epoch, value);
  }
  std::stable_sort(series.points.begin(), series.points.end(),  // records may come in any order
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  return series;
}

// printf's %.*f (a fixed number of decimals) and %.*g (of significant digits).
std::string fixed(double value, int decimals) {
  char text[64];
  std::snprintf(text, sizeof text, "%.*f", decimals, value);
  return text;
}

std::string significant(double value, int digits) {
  char text[64];
  std::snprintf(text, sizeof text, "%.*g", digits, value);
  return text;
}

// 1, 2 or 5 times a power of ten, near `rough`.
double nice_step(double rough) {
  const double power = std::pow(10.0, std::floor(std::log10(rough)));
  const double fraction = rough / power;
  return (fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10) * power;
}

std::vector<double> ticks(const Range& range, double step) {
  std::vector<double> values;
  const double first = std::ceil(range.low / step - 1e-9);
  const double last = std::floor(range.high / step + 1e-9);
  for (double i = first; i <= last; ++i)
    values.push_back(std::abs(i) < 0.5 ? 0.0 : i * step);  // no "-0"
  return values;
}

// As many decimals as the tick step needs, so that labels are short and distinct.
std::string tick_label(double value, double step) {
  const double decimals = -std::floor(std::log10(step) + 1e-9);
  if (std::abs(value) >= 1e6 || decimals > 6) return significant(value, 3);
  return fixed(value, static_cast<int>(std::max(0.0, decimals)));
}

// The y range of a chart and its tick step: the finite values with a margin (a constant series gets
// one of 10% of its value), widened to whole tick steps.
std::pair<Range, double> value_range(const Chart& chart) {
  Range range{kInfinity, -kInfinity};
  for (const Series& series : chart.series)
    for (const auto& point : series.points) {
      range.low = std::min(range.low, point.second);
      range.high = std::max(range.high, point.second);
    }
  if (range.low > range.high) range = {0, 1};  // no values at all
  if (range.low == range.high) {
    const double margin = range.low == 0 ? 1 : std::abs(range.low) * 0.1;
    range = {range.low - margin, range.high + margin};
  }
  // A little room so that extreme points do not sit on the frame, without making a non-negative
  // series (a loss) look as if it went below zero.
  const double margin = (range.high - range.low) * kPlotMargin;
  range = {range.low >= 0 ? std::max(0.0, range.low - margin) : range.low - margin,
           range.high + margin};
  const double step = nice_step((range.high - range.low) / 5);
  return {{std::floor(range.low / step) * step, std::ceil(range.high / step) * step}, step};
}

void draw_chart(std::ostringstream& svg, const Chart& chart, const Range& epochs, double left,
                double top, double width, double height) {
  const double plot_left = left + kPlotLeft;
  const double plot_right = left + width - kPlotRight;
  const double plot_top = top + kPlotTop;
  const double plot_bottom = top + height - kPlotBottom;
  const auto [values, value_step] = value_range(chart);
  const auto x_of = [&](double epoch) {
    return plot_left + (epoch - epochs.low) / (epochs.high - epochs.low) * (plot_right - plot_left);
  };
  const auto y_of = [&, values = values](double value) {
    return plot_bottom -
           (value - values.low) / (values.high - values.low) * (plot_bottom - plot_top);
  };
  const auto number = [](double value) { return fixed(value, 1); };

  svg << "<g>\n<text x=\"" << number(left + 12) << "\" y=\"" << number(top + 20)
      << "\" font-size=\"15\" font-weight=\"bold\">" << escape_markup(chart.title) << "</text>\n";

  // Legend: one entry per series, left to right below the title, each with its last value.
  double legend_x = plot_left;
  for (const Series& series : chart.series) {
    const std::string label =
        series.name + (series.points.empty()
                           ? " (no finite values)"
                           : " (last " + significant(series.points.back().second, 4) + ")");
    svg << "<line x1=\"" << number(legend_x) << "\" y1=\"" << number(top + 35) << "\" x2=\""
        << number(legend_x + 20) << "\" y2=\"" << number(top + 35) << "\" stroke=\""
        << series.colour << "\" stroke-width=\"3\"/>\n<text x=\"" << number(legend_x + 26)
        << "\" y=\"" << number(top + 39) << "\">" << escape_markup(label) << "</text>\n";
    legend_x += 26 + 7.0 * static_cast<double>(label.size()) + 24;  // ~7 px per character
  }

  // Grid lines with tick labels, then the frame on top.
  const double epoch_step = std::max(1.0, nice_step((epochs.high - epochs.low) / 8));
  for (double epoch : ticks(epochs, epoch_step)) {
    const std::string x = number(x_of(epoch));
    svg << "<line x1=\"" << x << "\" y1=\"" << number(plot_top) << "\" x2=\"" << x << "\" y2=\""
        << number(plot_bottom) << "\" stroke=\"#e6e6e6\"/>\n<text x=\"" << x << "\" y=\""
        << number(plot_bottom + 17) << "\" text-anchor=\"middle\">" << tick_label(epoch, 1)
        << "</text>\n";
  }
  for (double value : ticks(values, value_step)) {
    const std::string y = number(y_of(value));
    svg << "<line x1=\"" << number(plot_left) << "\" y1=\"" << y << "\" x2=\"" << number(plot_right)
        << "\" y2=\"" << y << "\" stroke=\"#e6e6e6\"/>\n<text x=\"" << number(plot_left - 6)
        << "\" y=\"" << y << "\" dy=\"4\" text-anchor=\"end\">" << tick_label(value, value_step)
        << "</text>\n";
  }
  svg << "<rect x=\"" << number(plot_left) << "\" y=\"" << number(plot_top) << "\" width=\""
      << number(plot_right - plot_left) << "\" height=\"" << number(plot_bottom - plot_top)
      << "\" fill=\"none\" stroke=\"#888\"/>\n<text x=\"" << number((plot_left + plot_right) / 2)
      << "\" y=\"" << number(plot_bottom + 36) << "\" text-anchor=\"middle\">epoch</text>\n";

  bool any_values = false;
  for (const Series& series : chart.series) {
    if (series.points.empty()) continue;
    any_values = true;
    svg << "<polyline fill=\"none\" stroke=\"" << series.colour
        << "\" stroke-width=\"2\" stroke-linejoin=\"round\" stroke-linecap=\"round\" points=\"";
    for (const auto& [epoch, value] : series.points)
      svg << number(x_of(epoch)) << ',' << number(y_of(value)) << ' ';
    svg << "\"/>\n";
    if (series.points.size() <= kMaxMarkedPoints)
      for (const auto& [epoch, value] : series.points)
        svg << "<circle cx=\"" << number(x_of(epoch)) << "\" cy=\"" << number(y_of(value))
            << "\" r=\"3\" fill=\"" << series.colour << "\"/>\n";
  }
  if (!any_values)
    svg << "<text x=\"" << number((plot_left + plot_right) / 2) << "\" y=\""
        << number((plot_top + plot_bottom) / 2) << "\" text-anchor=\"middle\" fill=\"#888\">"
        << "no finite values</text>\n";
  svg << "</g>\n";
}

// ---- the report ------------------------------------------------------------------------------

std::string format_value(double value) {
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  return significant(value, 6);
}

std::string html_index(const std::vector<EpochRecord>& records, const std::string& folder,
                       bool has_grid) {
  const EpochRecord& last = records.back();
  std::ostringstream html;
  html << "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Training report</title>\n"
       << "<style>body{font-family:sans-serif;margin:24px;color:#222}"
       << "table{border-collapse:collapse}th,td{padding:3px 12px;border-bottom:1px solid #ddd}"
       << "td{text-align:right;font-variant-numeric:tabular-nums}th{text-align:left}"
       << "img.grid{image-rendering:pixelated}</style></head><body>\n"
       << "<h1>Training report</h1>\n<p>" << records.size() << " epoch"
       << (records.size() == 1 ? "" : "s") << " logged, the last is epoch " << last.epoch << ".";
  const char* link_prefix = " All epochs:";  // links only to the logs that are in the folder
  for (const char* log : {"metrics.csv", "metrics.jsonl"}) {
    std::error_code error;
    if (std::filesystem::exists(std::filesystem::path(folder) / log, error)) {
      html << link_prefix << " <a href=\"" << log << "\">" << log << "</a>";
      link_prefix = ",";
    }
  }
  html << "</p>\n<h2>Epoch " << last.epoch << "</h2>\n<table>\n";
  const auto row = [&html](const std::string& name, double value) {
    if (!std::isnan(value))
      html << "<tr><th>" << escape_markup(name) << "</th><td>" << format_value(value)
           << "</td></tr>\n";
  };
  for (const NumberField& field : kNumberFields) row(field.name, last.*field.value);
  for (const auto& [name, value] : last.metrics) row(name, value);
  html << "</table>\n<h2>Curves</h2>\n<img src=\"report.svg\" alt=\"loss and metric curves\">\n";
  if (has_grid)
    html << "<h2>Examples</h2>\n<p>Each row: gray input, ground truth, prediction.</p>\n"
         << "<img class=\"grid\" src=\"comparison.png\" alt=\"gray input, ground truth and "
            "prediction of each example\">\n";
  html << "</body></html>\n";
  return html.str();
}

}  // namespace

std::string metrics_jsonl_path(const std::string& folder) {
  return (std::filesystem::path(folder) / "metrics.jsonl").string();
}

std::string metrics_csv_path(const std::string& folder) {
  return (std::filesystem::path(folder) / "metrics.csv").string();
}

void append_epoch_record(const std::string& folder, const EpochRecord& record) {
  for (const auto& metric : record.metrics) check_metric_name(metric.first);
  std::error_code error;
  std::filesystem::create_directories(folder, error);
  if (error) fail(folder, "cannot create the run folder: " + error.message());

  const std::string jsonl_path = metrics_jsonl_path(folder);
  write_with_line(jsonl_path, read_text_if_exists(jsonl_path), dump_json(record_to_json(record)));

  const std::string csv_path = metrics_csv_path(folder);
  std::string csv = read_text_if_exists(csv_path);
  std::vector<std::string> metric_columns;
  if (csv.empty()) {
    for (const auto& metric : record.metrics) metric_columns.push_back(metric.first);
    std::vector<std::string> header = fixed_csv_columns();
    header.insert(header.end(), metric_columns.begin(), metric_columns.end());
    csv = join(header, ',') + '\n';
  } else {
    metric_columns = metric_columns_of(csv, csv_path);
  }
  std::vector<std::string> cells = {std::to_string(record.epoch)};
  for (const NumberField& field : kNumberFields)
    cells.push_back(number_to_csv(record.*field.value));
  for (const std::string& name : metric_columns) {
    const auto found = record.metrics.find(name);
    cells.push_back(found == record.metrics.end() ? "" : number_to_csv(found->second));
  }
  write_with_line(csv_path, csv, join(cells, ','));
}

std::vector<EpochRecord> read_epoch_records(const std::string& jsonl_path) {
  return parse_epoch_records(read_text_file(jsonl_path), jsonl_path);
}

std::vector<EpochRecord> parse_epoch_records(const std::string& jsonl_text,
                                             const std::string& where_file) {
  const std::vector<std::string> lines = split(jsonl_text, '\n');
  std::map<int, EpochRecord> by_epoch;  // sorted, and a later line replaces an earlier one
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].find_first_not_of(" \t\r") == std::string::npos) continue;
    const std::string where = where_file + ":" + std::to_string(i + 1);
    EpochRecord record = record_from_json(parse_json(lines[i], where), where);
    by_epoch[record.epoch] = std::move(record);
  }
  std::vector<EpochRecord> records;
  for (auto& entry : by_epoch) records.push_back(std::move(entry.second));
  return records;
}

Image8 make_comparison_grid(const ComparisonExamples& examples, const GridOptions& options) {
  const std::size_t count = examples.gray.size();
  if (count == 0 && examples.truth.empty() && examples.predicted.empty())
    fail("comparison grid", "no examples");
  if (examples.truth.size() != count || examples.predicted.size() != count)
    fail("comparison grid", "expected as many ground truths and predictions as gray inputs, got " +
                                std::to_string(count) + " gray, " +
                                std::to_string(examples.truth.size()) + " ground truth and " +
                                std::to_string(examples.predicted.size()) + " predicted images");
  std::vector<std::vector<Image8>> rows;
  for (std::size_t i = 0; i < count; ++i)
    rows.push_back({examples.gray[i], examples.truth[i], examples.predicted[i]});
  return make_image_grid(rows, {"gray input", "ground truth", "prediction"}, options);
}

Image8 make_image_grid(const std::vector<std::vector<Image8>>& rows,
                       const std::vector<std::string>& column_names, const GridOptions& options) {
  if (rows.empty()) fail("comparison grid", "no examples");
  if (options.scale < 0)
    fail("comparison grid", "scale must be >= 0, got " + std::to_string(options.scale));
  if (options.separator < 0)
    fail("comparison grid", "separator must be >= 0, got " + std::to_string(options.separator));
  const std::size_t columns = column_names.size();
  long long largest_width = 0;
  long long largest_height = 0;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (rows[i].size() != columns)
      fail("comparison grid: example " + std::to_string(i),
           std::to_string(rows[i].size()) + " images where the grid has " +
               std::to_string(columns) + " columns");
    for (std::size_t c = 0; c < columns; ++c) {
      const Image8& image = rows[i][c];
      check_example_image(image, column_names[c], i);
      largest_width = std::max<long long>(largest_width, image.width());
      largest_height = std::max<long long>(largest_height, image.height());
    }
  }
  const long long largest_side = std::max(largest_width, largest_height);
  const long long scale =
      options.scale > 0
          ? options.scale
          : std::max(1LL, (GridOptions::kMinimumAutoCellSize + largest_side - 1) / largest_side);
  const long long cell_width = largest_width * scale;
  const long long cell_height = largest_height * scale;
  const long long separator = options.separator;
  const long long width = static_cast<long long>(columns) * cell_width +
                          static_cast<long long>(columns + 1) * separator;
  const long long height =
      static_cast<long long>(rows.size()) * (cell_height + separator) + separator;
  check_image_size(width, height, kDefaultMaxPixels, "comparison grid");

  Image8 grid(static_cast<int>(width), static_cast<int>(height), 3);
  for (int y = 0; y < grid.height(); ++y)
    for (int x = 0; x < grid.width(); ++x)
      std::copy(options.background.begin(), options.background.end(), grid.pixel(x, y));
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const long long cell_top = separator + static_cast<long long>(i) * (cell_height + separator);
    for (std::size_t c = 0; c < columns; ++c) {
      const Image8& image = rows[i][c];
      const long long cell_left = separator + static_cast<long long>(c) * (cell_width + separator);
      paste_upscaled(image, static_cast<int>(scale),
                     static_cast<int>(cell_left + (cell_width - image.width() * scale) / 2),
                     static_cast<int>(cell_top + (cell_height - image.height() * scale) / 2), grid);
    }
  }
  return grid;
}

std::string plot_training_curves(const std::vector<EpochRecord>& records) {
  if (records.empty()) fail("training curves", "no epoch records");

  int first_epoch = records.front().epoch;
  int last_epoch = records.front().epoch;
  std::set<std::string> metric_names;
  for (const EpochRecord& record : records) {
    first_epoch = std::min(first_epoch, record.epoch);
    last_epoch = std::max(last_epoch, record.epoch);
    for (const auto& metric : record.metrics) metric_names.insert(metric.first);
  }
  // A single epoch gets a unit-wide axis around it, others a margin like the values'.
  const double epoch_margin =
      first_epoch == last_epoch ? 0.5 : (last_epoch - first_epoch) * kPlotMargin;
  const Range epochs{first_epoch - epoch_margin, last_epoch + epoch_margin};

  std::vector<Chart> charts = {
      {"Loss",
       {make_series("train", kColours[0], records,
                    [](const EpochRecord& record) { return record.train_loss; }),
        make_series("validation", kColours[1], records,
                    [](const EpochRecord& record) { return record.validation_loss; })}}};
  int colour = 2;
  for (const std::string& name : metric_names) {
    const auto metric = [&name](const EpochRecord& record) {
      const auto found = record.metrics.find(name);
      return found == record.metrics.end() ? kNotMeasured : found->second;
    };
    charts.push_back(
        {name, {make_series(name, kColours[colour++ % kColourCount], records, metric)}});
  }

  const double metric_width = kWidth / kMetricChartsPerRow;
  const int metric_rows =
      (static_cast<int>(charts.size()) - 1 + kMetricChartsPerRow - 1) / kMetricChartsPerRow;
  const double height = kHeaderHeight + kLossChartHeight + metric_rows * kMetricChartHeight;

  std::ostringstream svg;
  svg << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << kWidth << "\" height=\"" << height
      << "\" viewBox=\"0 0 " << kWidth << ' ' << height
      << "\" font-family=\"sans-serif\" font-size=\"12\" fill=\"#333\">\n"
      << "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
      << "<text x=\"12\" y=\"27\" font-size=\"18\" font-weight=\"bold\">Training curves: "
      << (first_epoch == last_epoch
              ? "epoch " + std::to_string(first_epoch)
              : "epochs " + std::to_string(first_epoch) + " to " + std::to_string(last_epoch))
      << "</text>\n";
  draw_chart(svg, charts[0], epochs, 0, kHeaderHeight, kWidth, kLossChartHeight);
  for (std::size_t i = 1; i < charts.size(); ++i) {
    const int index = static_cast<int>(i) - 1;
    draw_chart(
        svg, charts[i], epochs, (index % kMetricChartsPerRow) * metric_width,
        kHeaderHeight + kLossChartHeight + (index / kMetricChartsPerRow) * kMetricChartHeight,
        metric_width, kMetricChartHeight);
  }
  svg << "</svg>\n";
  return svg.str();
}

void write_run_report(const std::string& folder, const std::vector<EpochRecord>& records,
                      const ComparisonExamples& examples) {
  if (records.empty()) fail(folder, "run report: no epoch records");
  const bool has_grid =
      !examples.gray.empty() || !examples.truth.empty() || !examples.predicted.empty();
  const Image8 grid = has_grid ? make_comparison_grid(examples) : Image8();
  const std::string svg = plot_training_curves(records);

  std::error_code error;
  std::filesystem::create_directories(folder, error);
  if (error) fail(folder, "cannot create the run folder: " + error.message());
  const std::filesystem::path path(folder);
  write_file_atomic((path / "report.svg").string(), svg);
  if (has_grid) write_png((path / "comparison.png").string(), grid);
  write_file_atomic((path / "report.html").string(), html_index(records, folder, has_grid));
}

}  // namespace tint::trainer
