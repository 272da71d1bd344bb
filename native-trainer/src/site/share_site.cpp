#include "site/share_site.hpp"

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <set>
#include <system_error>

#include "reports/markup.hpp"
#include "tint/colorization_model.hpp"
#include "tint/error.hpp"
#include "tint/file_io.hpp"
#include "tint/image_io.hpp"
#include "tint/json.hpp"

namespace tint::trainer {
namespace fs = std::filesystem;
namespace {

// What the built app folder must hold; the page's own files (models, examples, site.json,
// precache.js) and index.html are written anew.
const char* const kAppFiles[] = {"index.html",    "app.js", "sw.js", "tint_app.js",
                                 "tint_app.wasm", "ort",    "zip"};
const std::set<std::string> kPageOwnFiles = {"models",      "examples",   "site.json",
                                             "precache.js", "index.html", "manifest.webmanifest"};

struct PageFile {
  std::string name;  // file name in models/ or examples/
  std::vector<std::uint8_t> bytes;
};

void check_link_name(const std::string& name, const std::string& path) {
  const bool safe =
      !name.empty() && name.front() != '.' && std::all_of(name.begin(), name.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-';
      });
  if (!safe)
    fail(path, "the file name '" + name +
                   "' may only hold letters, digits, '.', '_' and '-' (it becomes part of the "
                   "page's links); copy or rename the file");
}

std::vector<PageFile> read_page_files(const std::vector<std::string>& paths, const char* kind) {
  std::vector<PageFile> files;
  std::set<std::string> names;
  for (const std::string& path : paths) {
    const std::string name = fs::path(path).filename().string();
    check_link_name(name, path);
    if (!names.insert(name).second)
      fail(path, std::string("two ") + kind + "s are named " + name + "; rename one");
    files.push_back({name, read_file(path)});
  }
  return files;
}

void check_app_dir(const std::string& app_dir) {
  for (const char* file : kAppFiles)
    if (!fs::exists(fs::path(app_dir) / file))
      fail(app_dir, std::string("not a built tint browser app (") + file +
                        " is missing); build it with `cmake --preset wasm && cmake --build "
                        "--preset wasm` or name it with --app");
}

bool is_within(const fs::path& path, const fs::path& folder) {
  const fs::path a = fs::weakly_canonical(path), b = fs::weakly_canonical(folder);
  auto mismatch = std::mismatch(b.begin(), b.end(), a.begin(), a.end());
  return mismatch.first == b.end();
}

// A folder `tint share` may replace: absent, empty, or a page it built before.
void check_output_dir(const fs::path& output, const std::string& app_dir) {
  if (is_within(output, app_dir) || is_within(app_dir, output))
    fail(output.string(), "the page cannot be built inside the app folder or around it");
  if (!fs::exists(output)) return;
  if (!fs::is_directory(output)) fail(output.string(), "exists and is not a folder");
  if (fs::is_empty(output)) return;
  for (const char* file : {"index.html", "site.json", "precache.js"})
    if (!fs::exists(output / file))
      fail(output.string(), "exists and is not a page built by tint share (no " +
                                std::string(file) + "); choose a new folder, or empty this one");
}

// Replaces the text between `open` and the next `close` in `html`.
void replace_between(std::string& html, const std::string& open, const std::string& close,
                     const std::string& text, const std::string& where) {
  const std::size_t start = html.find(open);
  const std::size_t end =
      start == std::string::npos ? start : html.find(close, start + open.size());
  if (end == std::string::npos)
    fail(where, "has no " + open + "..." + close + "; is the app folder from this tint version?");
  html.replace(start + open.size(), end - start - open.size(), text);
}

// The terms of each model's training data (ModelCard::training.terms), one line per model that
// has them, as HTML; empty when none has.
std::string terms_html(const std::vector<PageFile>& models, const std::vector<ModelCard>& cards) {
  std::string html;
  for (std::size_t i = 0; i < models.size(); ++i) {
    const ModelCard& card = cards[i];
    if (card.training.terms.empty()) continue;
    html += "<span>" +
            escape_markup("Data terms of " + card.name + " (" + models[i].name +
                          "): " + card.training.terms) +
            "</span>";
  }
  return html;
}

std::string page_html(const std::string& template_path, const std::string& title,
                      const std::string& description, const std::string& terms) {
  std::string html = read_text_file(template_path);
  const std::string title_html = escape_markup(title),
                    description_html = escape_markup(description);
  replace_between(html, "<title>", "</title>", title_html, template_path);
  replace_between(html, "<meta name=\"description\" content=\"", "\">", description_html,
                  template_path);
  replace_between(html, "<h1 id=\"site-title\">", "</h1>", title_html, template_path);
  replace_between(html, "<p id=\"site-description\">", "</p>", description_html, template_path);
  replace_between(html, "<p id=\"site-terms\">", "</p>", terms, template_path);
  return html;
}

// The install manifest under the page's own name.
std::string page_manifest(const std::string& manifest_path, const std::string& title,
                          const std::string& description) {
  Json manifest = parse_json(read_text_file(manifest_path), manifest_path);
  manifest["name"] = title;
  manifest["description"] = description;
  return dump_json(manifest) + "\n";
}

// FNV-1a over names and contents: a cache version, not a security check, so no crypto library.
class VersionHash {
 public:
  void add(const std::string& text) { add(text.data(), text.size()); }
  void add(const void* data, std::size_t size) {
    const auto* bytes = static_cast<const unsigned char*>(data);
    for (std::size_t i = 0; i < size; ++i) hash_ = (hash_ ^ bytes[i]) * 1099511628211ULL;
  }
  std::string hex() const {
    char text[17];
    std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(hash_));
    return text;
  }

 private:
  std::uint64_t hash_ = 14695981039346656037ULL;
};

void write_page_file(const fs::path& folder, const std::string& relative, const std::string& text) {
  fs::create_directories((folder / relative).parent_path());
  write_file_atomic((folder / relative).string(), text);
}

// Writes `files` into folder/subfolder; returns their paths relative to the page, for site.json.
Json write_page_files(const fs::path& folder, const std::string& subfolder,
                      const std::vector<PageFile>& files) {
  Json paths = Json::array();
  for (const PageFile& file : files) {
    fs::create_directories(folder / subfolder);
    write_file_atomic((folder / subfolder / file.name).string(), file.bytes);
    paths.push_back(subfolder + "/" + file.name);
  }
  return paths;
}

// Writes the page into `folder` (new and empty).
SharedSite write_page(const fs::path& folder, const std::string& app_dir,
                      const std::vector<PageFile>& models, const std::vector<ModelCard>& cards,
                      const std::vector<PageFile>& examples, const std::string& title,
                      const std::string& description) {
  const fs::path app(app_dir);
  for (const fs::directory_entry& entry : fs::directory_iterator(app)) {
    const std::string name = entry.path().filename().string();
    if (kPageOwnFiles.count(name)) continue;
    fs::copy(entry.path(), folder / name, fs::copy_options::recursive);
  }
  write_page_file(
      folder, "index.html",
      page_html((app / "index.html").string(), title, description, terms_html(models, cards)));
  write_page_file(folder, "manifest.webmanifest",
                  page_manifest((app / "manifest.webmanifest").string(), title, description));
  Json site = Json::object();
  site["models"] = write_page_files(folder, "models", models);
  site["examples"] = write_page_files(folder, "examples", examples);
  write_page_file(folder, "site.json", dump_json(site) + "\n");

  // Every file, sorted, for the service worker's cache, and the version of their contents.
  std::vector<std::string> files;
  SharedSite result;
  for (const fs::directory_entry& entry : fs::recursive_directory_iterator(folder))
    if (entry.is_regular_file()) {
      files.push_back(entry.path().lexically_relative(folder).generic_string());
      result.bytes += entry.file_size();
    }
  std::sort(files.begin(), files.end());
  VersionHash hash;
  Json list = Json::array();
  list.push_back("./");
  for (const std::string& file : files) {
    const std::vector<std::uint8_t> bytes = read_file((folder / file).string());
    hash.add(file);
    hash.add(bytes.data(), bytes.size());
    list.push_back(file);
  }
  list.push_back("precache.js");
  result.version = hash.hex();
  const std::string precache =
      "// The page's files and a hash of their contents, for the service worker (sw.js).\n"
      "self.APP_VERSION = '" +
      result.version + "';\nself.APP_FILES = " + dump_json(list) + ";\n";
  write_page_file(folder, "precache.js", precache);
  result.files = files.size() + 1;
  result.bytes += precache.size();
  return result;
}

}  // namespace

// The output folder as an absolute path without a trailing slash ("site/" and "site" alike).
fs::path output_path(const std::string& output_dir) {
  fs::path output = fs::absolute(output_dir).lexically_normal();
  if (output.filename().empty()) output = output.parent_path();
  if (output == output.root_path())
    fail(output_dir, "the page needs a folder of its own, not the file system's root");
  if (fs::is_symlink(output)) fail(output_dir, "is a symbolic link; give the folder it points to");
  return output;
}

SharedSite build_shared_site(const ShareOptions& options) {
  if (options.models.empty()) fail("tint share", "no model given; name one or more .onnx files");
  check_app_dir(options.app_dir);
  const fs::path output = output_path(options.output_dir);
  check_output_dir(output, options.app_dir);

  const std::vector<PageFile> models = read_page_files(options.models, "model");
  std::vector<ModelCard> cards;
  for (std::size_t i = 0; i < models.size(); ++i)
    cards.push_back(
        read_colorization_model(models[i].bytes.data(), models[i].bytes.size(), options.models[i]));
  const std::vector<PageFile> examples = read_page_files(options.examples, "example");
  for (std::size_t i = 0; i < examples.size(); ++i) {
    DecodeOptions decode;
    decode.max_pixels = kBrowserMaxPixels;
    decode_image(examples[i].bytes, options.examples[i], decode);
  }
  const std::string title = options.title.empty() ? cards.front().name : options.title;
  const std::string description =
      options.description.empty() ? cards.front().description : options.description;

  // Built beside the output, then moved into place: a failure leaves the old page untouched. The
  // names carry the process id, so that nothing of anyone else's is in the way.
  const std::string hidden = "." + output.filename().string() + "." + std::to_string(getpid());
  const fs::path partial = output.parent_path() / (hidden + ".partial");
  const fs::path previous = output.parent_path() / (hidden + ".previous");
  if (fs::exists(partial) || fs::exists(previous))
    fail(partial.string(), "is in the way of building the page; remove it and try again");
  SharedSite site;
  try {
    fs::create_directories(partial);
    site = write_page(partial, options.app_dir, models, cards, examples, title, description);
    if (fs::exists(output)) fs::rename(output, previous);
    fs::rename(partial, output);
  } catch (const fs::filesystem_error& e) {
    std::error_code ignored;
    fs::remove_all(partial, ignored);
    if (!fs::exists(output, ignored) && fs::exists(previous, ignored))
      fs::rename(previous, output, ignored);
    fail(output.string(), std::string("could not write the page: ") + e.code().message() + " (" +
                              e.path1().string() + ")");
  } catch (...) {
    std::error_code ignored;
    fs::remove_all(partial, ignored);
    throw;
  }
  // The new page is in place; an old one left behind is only clutter.
  std::error_code error;
  fs::remove_all(previous, error);
  if (error)
    std::fprintf(stderr, "tint share: warning: could not remove the previous page %s: %s\n",
                 previous.string().c_str(), error.message().c_str());
  return site;
}

}  // namespace tint::trainer
