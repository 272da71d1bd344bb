// Fetching CIFAR-10: downloading the official archive (resumable, with retries), checking its md5
// and extracting it safely.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace tint::trainer {

// The official binary archive of CIFAR-10 and what it must be.
inline constexpr const char* kCifar10Url =
    "https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz";
inline constexpr std::uint64_t kCifar10ArchiveBytes = 170052171;
inline constexpr const char* kCifar10Md5 = "c32a1d4ab5d03f1284b67883e8d87530";
// Names inside the destination folder: the downloaded archive and the folder it holds.
inline constexpr const char* kCifar10ArchiveName = "cifar-10-binary.tar.gz";
inline constexpr const char* kCifar10BatchesFolder = "cifar-10-batches-bin";

enum class Progress {
  kAuto,  // a bar when stderr is a terminal, else a plain line per 10 %
  kBar,   // a bar even when stderr is not a terminal
  kOff,   // nothing
};

struct DownloadOptions {
  int attempts = 3;                             // tries in all, resumed from where the last stopped
  std::chrono::milliseconds retry_delay{2000};  // waited before try n + 1, times n
  long connect_timeout_s = 30;                  // to establish the connection
  long low_speed_timeout_s = 60;                // below 1 KB/s for this long counts as a failure
  Progress progress = Progress::kAuto;
};

// Downloads `url` to `target` through `<target>.part`, which a later call resumes with an HTTP
// Range request; renames it to `target` only once complete. Follows redirects, retries failed
// tries except final answers (4xx such as 404), and throws naming the URL and the HTTP status or
// network error.
void download_file(const std::string& url, const std::string& target,
                   const DownloadOptions& options);

// The md5 of a file's bytes as 32 lower-case hex digits. Throws when it cannot be read.
std::string md5_of_file(const std::string& path);

// Extracts a .tar.gz into the folder `destination` (created if missing): every top-level entry of
// the archive appears there whole or not at all, as it is extracted into a staging folder first.
// Refuses the whole archive when an entry has an absolute path or "..", is neither a file nor a
// folder, or when a top-level entry already exists in `destination`.
void extract_tar_gz(const std::string& archive, const std::string& destination);

struct FetchOptions {
  std::string url = kCifar10Url;
  std::string md5 = kCifar10Md5;
  std::uint64_t bytes = kCifar10ArchiveBytes;  // expected archive size; 0 when unknown
  std::string destination;                     // folder for the archive and the extracted folder
  DownloadOptions download;
};

// Makes sure `<destination>/cifar-10-batches-bin` holds data_batch_1..5.bin and test_batch.bin
// and returns its path: returns at once when it does, else downloads the archive (unless a
// complete one is already there), checks its size and md5 (a bad archive is removed so the next
// run starts clean) and extracts it. The archive is kept.
std::string fetch_cifar10(const FetchOptions& options);

}  // namespace tint::trainer
