#include "data/fetch.hpp"

#include <archive.h>
#include <archive_entry.h>
#include <curl/curl.h>
#include <openssl/evp.h>  // OpenSSL's EVP md5: Debian's standard crypto library (libssl-dev)
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <thread>
#include <type_traits>
#include <vector>

#include "tint/error.hpp"

namespace tint::trainer {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr double kBytesPerMb = 1e6;
constexpr std::array<const char*, 6> kCifar10BatchFiles = {"data_batch_1.bin", "data_batch_2.bin",
                                                           "data_batch_3.bin", "data_batch_4.bin",
                                                           "data_batch_5.bin", "test_batch.bin"};

// ---- Progress on stderr ----

std::string format_duration(double seconds) {
  const long total = static_cast<long>(seconds + 0.5);
  char text[32];
  if (total >= 3600)
    std::snprintf(text, sizeof text, "%ld:%02ld:%02ld", total / 3600, total / 60 % 60, total % 60);
  else
    std::snprintf(text, sizeof text, "%ld:%02ld", total / 60, total % 60);
  return text;
}

// One try's progress: a bar redrawn in place (at most 10 times a second), or a line per 10 %.
class ProgressDisplay {
 public:
  explicit ProgressDisplay(Progress progress) : style_(style_for(progress)) {}
  ProgressDisplay(const ProgressDisplay&) = delete;
  ProgressDisplay& operator=(const ProgressDisplay&) = delete;
  ~ProgressDisplay() {
    if (bar_drawn_) std::fputc('\n', stderr);
  }

  // `done` of `total` bytes of the file (total 0 when unknown), `received` of them in this try.
  void update(std::uint64_t done, std::uint64_t total, std::uint64_t received) {
    if (style_ == Style::kNone) return;
    const Clock::time_point now = Clock::now();
    const double seconds = std::chrono::duration<double>(now - start_).count();
    const double rate = seconds > 0 ? static_cast<double>(received) / seconds : 0;
    const int percent = total == 0 ? -1 : static_cast<int>(std::min(done, total) * 100 / total);
    if (style_ == Style::kLines) {
      if (percent < next_line_percent_) return;
      std::fprintf(stderr, "download: %d%% (%.1f of %.1f MB, %.1f MB/s)\n", percent,
                   static_cast<double>(done) / kBytesPerMb,
                   static_cast<double>(total) / kBytesPerMb, rate / kBytesPerMb);
      next_line_percent_ = percent / 10 * 10 + 10;
      return;
    }
    const bool complete = percent == 100;
    if (complete ? drew_complete_ : now - last_draw_ < std::chrono::milliseconds(100)) return;
    last_draw_ = now;
    drew_complete_ = complete;
    bar_drawn_ = true;
    if (percent < 0) {
      std::fprintf(stderr, "\r%8.1f MB  %6.1f MB/s ", static_cast<double>(done) / kBytesPerMb,
                   rate / kBytesPerMb);
      return;
    }
    constexpr int kBarWidth = 30;
    std::string bar(kBarWidth, '.');
    std::fill_n(bar.begin(), percent * kBarWidth / 100, '#');
    const double remaining = static_cast<double>(total - std::min(done, total));
    const std::string eta = rate > 0 ? format_duration(remaining / rate) : "--:--";
    std::fprintf(stderr, "\r%3d%% [%s] %6.1f/%.1f MB %6.1f MB/s ETA %s  ", percent, bar.c_str(),
                 static_cast<double>(done) / kBytesPerMb, static_cast<double>(total) / kBytesPerMb,
                 rate / kBytesPerMb, eta.c_str());
  }

 private:
  enum class Style { kBar, kLines, kNone };
  static Style style_for(Progress progress) {
    if (progress == Progress::kOff) return Style::kNone;
    if (progress == Progress::kBar || isatty(fileno(stderr))) return Style::kBar;
    return Style::kLines;
  }

  Style style_;
  Clock::time_point start_ = Clock::now();
  Clock::time_point last_draw_;
  bool bar_drawn_ = false;
  bool drew_complete_ = false;
  int next_line_percent_ = 10;
};

// ---- One try of a download ----

// Sets a libcurl option, checking at compile time that the value has a type libcurl's varargs
// read back correctly (an int where a long is expected would be read wrongly).
template <typename Value>
void set_option(CURL* curl, CURLoption option, Value value) {
  static_assert(
      std::is_same_v<Value, long> || std::is_same_v<Value, curl_off_t> || std::is_pointer_v<Value>,
      "libcurl options take a long, a curl_off_t or a pointer");
  const CURLcode code = curl_easy_setopt(curl, option, value);
  if (code != CURLE_OK)
    fail("libcurl", std::string("cannot set a download option: ") + curl_easy_strerror(code));
}

void init_curl_once() {
  static const CURLcode init = curl_global_init(CURL_GLOBAL_DEFAULT);
  if (init != CURLE_OK)
    fail("libcurl", std::string("cannot initialise: ") + curl_easy_strerror(init));
}

enum class Outcome { kDone, kRetry, kFinal };
struct TryResult {
  Outcome outcome;
  std::string error;
};

// What the callbacks of one try share.
struct Transfer {
  Transfer(CURL* handle, std::string part, std::uint64_t existing, Progress progress)
      : curl(handle), part_path(std::move(part)), resume_from(existing), display(progress) {}

  CURL* curl;
  std::string part_path;
  std::uint64_t resume_from;  // bytes of the .part file kept; 0 once the server restarts
  ProgressDisplay display;
  std::ofstream file;
  bool body_started = false;
  std::uint64_t range_start = 0;  // from the response's Content-Range
  std::uint64_t range_total = 0;  // the file's full size from Content-Range; 0 when unknown
  std::string write_failure;      // why the write callback stopped the transfer
  bool write_failure_is_final = false;
  bool discard_part = false;

  // Opens the .part file for the response's body: appended to when the server resumed where
  // asked (206), started over when it sent the whole file (200: it ignored the Range).
  bool start_body() {
    body_started = true;
    long status = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    if (status >= 300) {  // a redirect without a Location: nothing to save
      write_failure = "unexpected HTTP status " + std::to_string(status);
      write_failure_is_final = true;
      return false;
    }
    if (status == 206 && range_start != resume_from) {
      write_failure = "the server resumed at byte " + std::to_string(range_start) + " instead of " +
                      std::to_string(resume_from) + "; starting over";
      discard_part = true;
      return false;
    }
    if (status != 206) resume_from = 0;
    file.open(part_path, std::ios::binary | (status == 206 ? std::ios::app : std::ios::trunc));
    if (!file) {
      write_failure = "cannot write " + part_path + "; check that its folder is writable";
      write_failure_is_final = true;
      return false;
    }
    return true;
  }
};

std::size_t on_header(char* buffer, std::size_t size, std::size_t count, void* user) {
  Transfer& transfer = *static_cast<Transfer*>(user);
  const std::string line(buffer, size * count);
  if (line.rfind("HTTP/", 0) == 0) {  // a new response (after a redirect): forget the last one
    transfer.range_start = 0;
    transfer.range_total = 0;
  } else if (strncasecmp(line.c_str(), "content-range:", 14) == 0) {
    // "Content-Range: bytes 100-199/200", the total "*" when the server does not know it.
    unsigned long long start = 0, last = 0, total = 0;
    const int fields =
        std::sscanf(line.c_str() + 14, " bytes %llu-%llu/%llu", &start, &last, &total);
    if (fields >= 1) transfer.range_start = start;
    if (fields == 3) transfer.range_total = total;
  }
  return size * count;
}

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
  Transfer& transfer = *static_cast<Transfer*>(user);
  if (!transfer.body_started && !transfer.start_body()) return 0;
  transfer.file.write(data, static_cast<std::streamsize>(size * count));
  if (!transfer.file) {
    transfer.write_failure = "cannot write " + transfer.part_path + "; is the disk full?";
    transfer.write_failure_is_final = true;
    return 0;
  }
  return size * count;
}

int on_progress(void* user, curl_off_t expected, curl_off_t received, curl_off_t, curl_off_t) {
  Transfer& transfer = *static_cast<Transfer*>(user);
  if (!transfer.body_started) return 0;
  const auto received_bytes = static_cast<std::uint64_t>(received);
  std::uint64_t total = transfer.range_total;
  if (total == 0 && expected > 0)
    total = transfer.resume_from + static_cast<std::uint64_t>(expected);
  transfer.display.update(transfer.resume_from + received_bytes, total, received_bytes);
  return 0;
}

TryResult http_error(long status) {
  const std::string what = "HTTP status " + std::to_string(status);
  // Time-outs, rate limits and server errors may pass; other 4xx answers will not.
  if (status == 408 || status == 429 || status >= 500) return {Outcome::kRetry, what};
  return {Outcome::kFinal,
          what + " (not retried: the server refuses or lacks this file; check the URL)"};
}

TryResult try_download(const std::string& url, const std::string& part,
                       const DownloadOptions& options) {
  std::error_code error;
  const std::uintmax_t existing = fs::exists(part, error) ? fs::file_size(part, error) : 0;
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> handle(curl_easy_init(), &curl_easy_cleanup);
  if (!handle) fail("libcurl", "cannot create a download handle");
  CURL* curl = handle.get();
  Transfer transfer(curl, part, error ? 0 : existing, options.progress);

  char curl_message[CURL_ERROR_SIZE] = {};
  const std::string range = std::to_string(transfer.resume_from) + "-";
  curl_write_callback header_callback = &on_header;
  curl_write_callback body_callback = &on_body;
  curl_xferinfo_callback progress_callback = &on_progress;
  set_option(curl, CURLOPT_URL, url.c_str());
  set_option(curl, CURLOPT_PROTOCOLS_STR, "http,https");
  set_option(curl, CURLOPT_USERAGENT, "tint-trainer");
  set_option(curl, CURLOPT_FOLLOWLOCATION, 1L);
  set_option(curl, CURLOPT_MAXREDIRS, 10L);
  set_option(curl, CURLOPT_FAILONERROR, 1L);
  set_option(curl, CURLOPT_NOSIGNAL, 1L);
  set_option(curl, CURLOPT_CONNECTTIMEOUT, options.connect_timeout_s);
  set_option(curl, CURLOPT_LOW_SPEED_LIMIT, 1024L);
  set_option(curl, CURLOPT_LOW_SPEED_TIME, options.low_speed_timeout_s);
  set_option(curl, CURLOPT_ERRORBUFFER, curl_message);
  // CURLOPT_RANGE rather than CURLOPT_RESUME_FROM: libcurl then lets a 200 answer through, and
  // the body callback starts over.
  if (transfer.resume_from > 0) set_option(curl, CURLOPT_RANGE, range.c_str());
  set_option(curl, CURLOPT_HEADERFUNCTION, header_callback);
  set_option(curl, CURLOPT_HEADERDATA, static_cast<void*>(&transfer));
  set_option(curl, CURLOPT_WRITEFUNCTION, body_callback);
  set_option(curl, CURLOPT_WRITEDATA, static_cast<void*>(&transfer));
  set_option(curl, CURLOPT_XFERINFOFUNCTION, progress_callback);
  set_option(curl, CURLOPT_XFERINFODATA, static_cast<void*>(&transfer));
  set_option(curl, CURLOPT_NOPROGRESS, 0L);

  const CURLcode code = curl_easy_perform(curl);
  long status = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  if (code == CURLE_OK) {
    if (!transfer.body_started && !transfer.start_body())  // an empty file
      return {Outcome::kFinal, transfer.write_failure};
    transfer.file.close();
    if (transfer.file.fail())
      return {Outcome::kFinal, "cannot finish writing " + part + "; is the disk full?"};
    return {Outcome::kDone, ""};
  }
  transfer.file.close();  // what arrived stays in the .part file for the next try
  if (transfer.discard_part) fs::remove(part, error);
  if (code == CURLE_WRITE_ERROR && !transfer.write_failure.empty())
    return {transfer.write_failure_is_final ? Outcome::kFinal : Outcome::kRetry,
            transfer.write_failure};
  if (code == CURLE_HTTP_RETURNED_ERROR) {
    if (status == 416 && transfer.resume_from > 0) {
      fs::remove(part, error);
      return {Outcome::kRetry, "the server cannot resume the partial download; starting over"};
    }
    return http_error(status);
  }
  const std::string what = curl_message[0] != '\0' ? curl_message : curl_easy_strerror(code);
  if (code == CURLE_URL_MALFORMAT || code == CURLE_UNSUPPORTED_PROTOCOL)
    return {Outcome::kFinal, what + " (only http and https URLs are fetched)"};
  return {Outcome::kRetry, what};
}

// ---- Extraction ----

using ArchiveReader = std::unique_ptr<archive, decltype(&archive_read_free)>;

std::string archive_message(archive* reader) {
  const char* message = archive_error_string(reader);
  return message != nullptr ? message : "unknown libarchive error";
}

// An entry's path below the destination; empty for the archive's own root ("./"). Throws on
// absolute paths and "..", which could write anywhere on the disk.
fs::path safe_relative_path(const char* name, const std::string& archive_path) {
  if (name == nullptr) fail(archive_path, "an entry has no readable name; the archive is damaged");
  const std::string text = name;
  fs::path relative;
  bool escapes = !text.empty() && text.front() == '/';
  std::size_t begin = 0;
  while (!escapes && begin <= text.size()) {
    const std::size_t end = std::min(text.find('/', begin), text.size());
    const std::string part = text.substr(begin, end - begin);
    escapes = part == "..";
    if (!part.empty() && part != ".") relative /= part;
    begin = end + 1;
  }
  if (escapes)
    fail(archive_path,
         "entry \"" + text +
             "\" would be written outside the destination folder (absolute path or "
             "\"..\"); refusing to extract this archive: get it from a trusted source");
  return relative;
}

void write_entry_data(archive* reader, const fs::path& target, const std::string& archive_path) {
  std::error_code error;
  fs::create_directories(target.parent_path(), error);
  std::ofstream out(target, std::ios::binary | std::ios::trunc);
  if (!out) fail(target.string(), "cannot create the file; check that the folder is writable");
  std::vector<char> buffer(1 << 16);
  for (;;) {
    const la_ssize_t got = archive_read_data(reader, buffer.data(), buffer.size());
    if (got == 0) break;
    if (got < 0)
      fail(archive_path, "cannot read " + target.filename().string() + ": " +
                             archive_message(reader) + "; delete the archive and fetch it again");
    out.write(buffer.data(), static_cast<std::streamsize>(got));
  }
  out.close();
  if (out.fail()) fail(target.string(), "cannot write the file; is the disk full?");
}

void extract_into(const std::string& archive_path, const fs::path& folder) {
  ArchiveReader reader(archive_read_new(), &archive_read_free);
  if (!reader) fail("libarchive", "cannot create an archive reader");
  archive_read_support_filter_gzip(reader.get());
  archive_read_support_format_tar(reader.get());
  if (archive_read_open_filename(reader.get(), archive_path.c_str(), 1 << 16) != ARCHIVE_OK)
    fail(archive_path, "cannot open as a .tar.gz: " + archive_message(reader.get()));
  archive_entry* entry = nullptr;
  for (;;) {
    const int status = archive_read_next_header(reader.get(), &entry);
    if (status == ARCHIVE_EOF) break;
    if (status < ARCHIVE_WARN)
      fail(archive_path, "damaged or not a .tar.gz: " + archive_message(reader.get()) +
                             "; delete it and fetch it again");
    const fs::path relative = safe_relative_path(archive_entry_pathname(entry), archive_path);
    if (relative.empty()) continue;
    const mode_t type = archive_entry_filetype(entry);
    if (S_ISDIR(type)) {
      std::error_code error;
      fs::create_directories(folder / relative, error);
      if (error) fail((folder / relative).string(), "cannot create the folder: " + error.message());
    } else if (S_ISREG(type) && archive_entry_hardlink(entry) == nullptr) {
      write_entry_data(reader.get(), folder / relative, archive_path);
    } else {
      fail(archive_path, "entry \"" + relative.string() +
                             "\" is a link or a device, not a file or folder; refusing to "
                             "extract this archive: get it from a trusted source");
    }
  }
}

// A folder that is removed, with whatever it holds, when it goes out of scope.
class StagingFolder {
 public:
  explicit StagingFolder(fs::path path) : path_(std::move(path)) {
    std::error_code error;
    fs::remove_all(path_, error);  // left by an interrupted extraction
    fs::create_directories(path_, error);
    if (error) fail(path_.string(), "cannot create the folder: " + error.message());
  }
  StagingFolder(const StagingFolder&) = delete;
  StagingFolder& operator=(const StagingFolder&) = delete;
  ~StagingFolder() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

// ---- Fetching CIFAR-10 ----

// The batch files `folder` lacks, comma separated; empty when it has them all.
std::string missing_batch_files(const fs::path& folder) {
  std::string missing;
  for (const char* name : kCifar10BatchFiles) {
    std::error_code error;
    if (fs::is_regular_file(folder / name, error)) continue;
    missing += (missing.empty() ? "" : ", ") + std::string(name);
  }
  return missing;
}

// Removes an archive that is not the expected one and says what the user can do next.
[[noreturn]] void reject_archive(const fs::path& archive_path, const std::string& problem) {
  std::error_code error;
  fs::remove(archive_path, error);
  fail(archive_path.string(), problem + (error ? "; delete it and run again to download it afresh"
                                               : "; removed it: run again to download it afresh"));
}

void verify_archive(const fs::path& archive_path, const FetchOptions& options) {
  std::error_code error;
  const std::uintmax_t size = fs::file_size(archive_path, error);
  if (error) fail(archive_path.string(), "cannot read its size: " + error.message());
  if (options.bytes != 0 && size != options.bytes)
    reject_archive(archive_path, "size mismatch: expected " + std::to_string(options.bytes) +
                                     " bytes, got " + std::to_string(size));
  std::string expected = options.md5;
  std::transform(expected.begin(), expected.end(), expected.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  const std::string got = md5_of_file(archive_path.string());
  if (got != expected)
    reject_archive(archive_path, "md5 mismatch: expected " + expected + ", got " + got +
                                     " (if this repeats, check the URL " + options.url + ")");
}

}  // namespace

void download_file(const std::string& url, const std::string& target,
                   const DownloadOptions& options) {
  if (options.attempts < 1)
    fail("download", "attempts is " + std::to_string(options.attempts) + "; give at least 1");
  init_curl_once();
  const std::string part = target + ".part";
  std::string last_error;
  for (int attempt = 1; attempt <= options.attempts; ++attempt) {
    if (attempt > 1) std::this_thread::sleep_for(options.retry_delay * (attempt - 1));
    const TryResult result = try_download(url, part, options);
    if (result.outcome == Outcome::kDone) {
      std::error_code error;
      fs::rename(part, target, error);
      if (error) fail(target, "cannot rename the finished " + part + ": " + error.message());
      return;
    }
    if (result.outcome == Outcome::kFinal) fail(url, result.error);
    last_error = result.error;
    if (options.progress != Progress::kOff && attempt < options.attempts)
      std::fprintf(stderr, "download: try %d of %d failed (%s); trying again\n", attempt,
                   options.attempts, last_error.c_str());
  }
  std::error_code error;
  const bool kept = fs::exists(part, error);
  fail(url, "download failed after " + std::to_string(options.attempts) +
                " attempts; last error: " + last_error + ". Check the network and run again" +
                (kept ? ": " + part + " is kept and the download resumes from it" : ""));
}

std::string md5_of_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) fail(path, "cannot open the file to compute its md5");
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> context(EVP_MD_CTX_new(),
                                                                  &EVP_MD_CTX_free);
  if (!context || EVP_DigestInit_ex(context.get(), EVP_md5(), nullptr) != 1)
    fail("md5", "OpenSSL cannot start an md5 digest");
  std::vector<char> buffer(1 << 20);
  while (in) {
    in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    const auto got = static_cast<std::size_t>(in.gcount());
    if (got > 0 && EVP_DigestUpdate(context.get(), buffer.data(), got) != 1)
      fail("md5", "OpenSSL cannot update the md5 digest");
  }
  if (in.bad()) fail(path, "read error while computing its md5");
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  if (EVP_DigestFinal_ex(context.get(), digest.data(), &length) != 1)
    fail("md5", "OpenSSL cannot finish the md5 digest");
  static constexpr char kHexDigits[] = "0123456789abcdef";
  std::string hex;
  for (unsigned int i = 0; i < length; ++i) {
    hex += kHexDigits[digest[i] >> 4];
    hex += kHexDigits[digest[i] & 0xf];
  }
  return hex;
}

void extract_tar_gz(const std::string& archive_path, const std::string& destination) {
  std::error_code error;
  fs::create_directories(destination, error);
  if (error) fail(destination, "cannot create the folder: " + error.message());
  // Beside the results, on the same file system, so that each moves in with one rename.
  const StagingFolder staging(fs::path(destination) /
                              ("." + fs::path(archive_path).filename().string() + ".extracting"));
  extract_into(archive_path, staging.path());

  std::vector<fs::path> entries;
  for (const fs::directory_entry& entry : fs::directory_iterator(staging.path(), error))
    entries.push_back(entry.path());
  if (error) fail(staging.path().string(), "cannot list the folder: " + error.message());
  for (const fs::path& entry : entries)
    if (fs::exists(fs::path(destination) / entry.filename(), error))
      fail((fs::path(destination) / entry.filename()).string(),
           "already exists and was left alone; move it away or delete it to extract " +
               archive_path + " again");
  for (const fs::path& entry : entries) {
    fs::rename(entry, fs::path(destination) / entry.filename(), error);
    if (error)
      fail(destination, "cannot move in " + entry.filename().string() + ": " + error.message());
  }
}

std::string fetch_cifar10(const FetchOptions& options) {
  if (options.destination.empty())
    fail("fetch", "no destination folder given for CIFAR-10; name the data folder");
  const fs::path destination = options.destination;
  const fs::path batches = destination / kCifar10BatchesFolder;
  std::error_code error;
  if (fs::exists(batches, error)) {
    const std::string missing = missing_batch_files(batches);
    if (!missing.empty())
      fail(batches.string(), "exists but lacks " + missing +
                                 "; move this folder away or delete it, then fetch again");
    return batches.string();
  }
  fs::create_directories(destination, error);
  if (error) fail(destination.string(), "cannot create the folder: " + error.message());
  const fs::path archive_path = destination / kCifar10ArchiveName;
  if (!fs::exists(archive_path, error))
    download_file(options.url, archive_path.string(), options.download);
  verify_archive(archive_path, options);
  extract_tar_gz(archive_path.string(), destination.string());
  const std::string missing = missing_batch_files(batches);
  if (!missing.empty())
    fail(archive_path.string(), "has no " + missing + " in " + kCifar10BatchesFolder +
                                    "; is it the CIFAR-10 binary archive? Check the URL " +
                                    options.url);
  return batches.string();
}

}  // namespace tint::trainer
