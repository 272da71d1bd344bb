// Fetching CIFAR-10, offline: a small archive built here is served by a local HTTP server that
// can drop connections, ignore Range requests, answer 404 or send wrong bytes.
#include "data/fetch.hpp"

#include <archive.h>
#include <archive_entry.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <mutex>
#include <random>
#include <stdexcept>
#include <thread>
#include <vector>

#include "test_support.hpp"
#include "tint/file_io.hpp"

namespace tint::trainer {
namespace {

namespace fs = std::filesystem;

// ---- A local HTTP server ----

enum class Reply {
  kServe,        // the body, or the asked range of it (206)
  kDropHalfway,  // like kServe, but the connection closes at the body's middle byte
  kIgnoreRange,  // the whole body (200) whatever the Range
  kRedirect,     // 302 to /moved/cifar-10-binary.tar.gz
  kNotFound,     // 404
  kServerError,  // 503
  kWrongBytes,   // the whole body with every byte flipped
};

struct SeenRequest {
  std::string target;  // the path asked for
  std::string range;   // the Range header's value; empty when there was none
};

// Serves one body on 127.0.0.1, a connection at a time. Request n gets replies[n]; the last reply
// answers every request after that.
class TestHttpServer {
 public:
  TestHttpServer(std::string body, std::vector<Reply> replies)
      : body_(std::move(body)), replies_(std::move(replies)) {
    listener_ = socket(AF_INET, SOCK_STREAM, 0);
    if (listener_ < 0) throw std::runtime_error("test server: no socket");
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;  // any free port
    socklen_t length = sizeof address;
    if (bind(listener_, reinterpret_cast<sockaddr*>(&address), length) != 0 ||
        listen(listener_, 8) != 0 ||
        getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length) != 0)
      throw std::runtime_error("test server: cannot listen on 127.0.0.1");
    port_ = ntohs(address.sin_port);
    thread_ = std::thread([this] { serve(); });
  }
  TestHttpServer(const TestHttpServer&) = delete;
  TestHttpServer& operator=(const TestHttpServer&) = delete;
  ~TestHttpServer() {
    shutdown(listener_, SHUT_RDWR);  // wakes the blocked accept()
    thread_.join();
    close(listener_);
  }

  std::string url() const {
    return "http://127.0.0.1:" + std::to_string(port_) + "/cifar-10-binary.tar.gz";
  }
  std::vector<SeenRequest> requests() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return requests_;
  }

 private:
  void serve() {
    for (;;) {
      const int connection = accept(listener_, nullptr, nullptr);
      if (connection < 0) return;
      answer(connection);
      close(connection);
    }
  }

  static void send_all(int connection, const std::string& data) {
    std::size_t sent = 0;
    while (sent < data.size()) {
      const ssize_t now = send(connection, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
      if (now <= 0) return;
      sent += static_cast<std::size_t>(now);
    }
  }

  static std::string header_value(const std::string& head, const char* name) {
    const std::string key = std::string("\r\n") + name + ":";
    for (std::size_t at = head.find("\r\n"); at != std::string::npos;
         at = head.find("\r\n", at + 2))
      if (strncasecmp(head.c_str() + at, key.c_str(), key.size()) == 0) {
        const std::size_t begin = head.find_first_not_of(' ', at + key.size());
        return head.substr(begin, head.find("\r\n", begin) - begin);
      }
    return "";
  }

  void answer(int connection) {
    std::string head;
    char buffer[4096];
    while (head.find("\r\n\r\n") == std::string::npos) {
      const ssize_t got = recv(connection, buffer, sizeof buffer, 0);
      if (got <= 0) return;
      head.append(buffer, static_cast<std::size_t>(got));
    }
    const std::size_t target_begin = head.find(' ') + 1;
    const SeenRequest request{
        head.substr(target_begin, head.find(' ', target_begin) - target_begin),
        header_value(head, "Range")};
    Reply reply = Reply::kServe;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (!replies_.empty()) reply = replies_[std::min(requests_.size(), replies_.size() - 1)];
      requests_.push_back(request);
    }
    if (reply == Reply::kRedirect) {
      send_all(connection,
               "HTTP/1.1 302 Found\r\nLocation: /moved/cifar-10-binary.tar.gz\r\n"
               "Content-Length: 5\r\n\r\nmoved");
      return;
    }
    if (reply == Reply::kNotFound) {
      send_all(connection, "HTTP/1.1 404 Not Found\r\nContent-Length: 9\r\n\r\nnot found");
      return;
    }
    if (reply == Reply::kServerError) {
      send_all(connection, "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 4\r\n\r\nbusy");
      return;
    }
    std::string body = body_;
    if (reply == Reply::kWrongBytes)
      for (char& byte : body) byte = static_cast<char>(~byte);
    std::size_t offset = 0;
    if (reply != Reply::kIgnoreRange && reply != Reply::kWrongBytes &&
        request.range.rfind("bytes=", 0) == 0)
      offset = std::stoul(request.range.substr(6));
    std::string status = "200 OK";
    std::string content_range;
    if (offset > 0) {
      status = "206 Partial Content";
      content_range = "Content-Range: bytes " + std::to_string(offset) + "-" +
                      std::to_string(body.size() - 1) + "/" + std::to_string(body.size()) + "\r\n";
    }
    send_all(connection, "HTTP/1.1 " + status +
                             "\r\nContent-Length: " + std::to_string(body.size() - offset) +
                             "\r\n" + content_range + "Connection: close\r\n\r\n");
    const std::size_t end = reply == Reply::kDropHalfway ? body.size() / 2 : body.size();
    if (offset < end) send_all(connection, body.substr(offset, end - offset));
  }

  std::string body_;
  std::vector<Reply> replies_;
  int listener_ = -1;
  int port_ = 0;
  std::thread thread_;
  mutable std::mutex mutex_;
  std::vector<SeenRequest> requests_;
};

// ---- Archives ----

struct ArchiveEntry {
  std::string path;
  std::string data;
};

std::string make_tar_gz(const std::vector<ArchiveEntry>& entries) {
  std::size_t data_bytes = 0;
  for (const ArchiveEntry& entry : entries) data_bytes += entry.data.size();
  std::string buffer(data_bytes + 64 * 1024, '\0');
  std::size_t used = 0;
  archive* writer = archive_write_new();
  archive_write_add_filter_gzip(writer);
  archive_write_set_format_pax_restricted(writer);
  if (archive_write_open_memory(writer, buffer.data(), buffer.size(), &used) != ARCHIVE_OK)
    throw std::runtime_error("cannot open the archive writer");
  for (const ArchiveEntry& entry : entries) {
    archive_entry* header = archive_entry_new();
    archive_entry_set_pathname(header, entry.path.c_str());
    archive_entry_set_filetype(header, S_IFREG);
    archive_entry_set_perm(header, 0644);
    archive_entry_set_size(header, static_cast<la_int64_t>(entry.data.size()));
    const bool written = archive_write_header(writer, header) == ARCHIVE_OK &&
                         archive_write_data(writer, entry.data.data(), entry.data.size()) ==
                             static_cast<la_ssize_t>(entry.data.size());
    archive_entry_free(header);
    if (!written) throw std::runtime_error("cannot write " + entry.path + " into the archive");
  }
  if (archive_write_free(writer) != ARCHIVE_OK)
    throw std::runtime_error("cannot finish the archive");
  buffer.resize(used);
  return buffer;
}

const std::vector<std::string> kBatchFiles = {"data_batch_1.bin", "data_batch_2.bin",
                                              "data_batch_3.bin", "data_batch_4.bin",
                                              "data_batch_5.bin", "test_batch.bin"};

// Tiny stand-ins for the batch files: 4 records of random bytes each (random, so that the
// archive stays large enough to be cut in half).
std::vector<ArchiveEntry> fake_cifar10_entries() {
  std::mt19937 random(10);
  std::vector<ArchiveEntry> entries;
  for (const std::string& name : kBatchFiles) {
    std::string data(4 * 3073, '\0');
    for (char& byte : data) byte = static_cast<char>(random() & 0xff);
    entries.push_back({"cifar-10-batches-bin/" + name, data});
  }
  return entries;
}

std::string file_bytes(const fs::path& path) { return read_text_file(path.string()); }

void write_file(const fs::path& path, const std::string& data) {
  fs::create_directories(path.parent_path());
  write_file_atomic(path.string(), data);
}

class FetchTest : public testing::Test {
 protected:
  void SetUp() override {
    work_ =
        fs::temp_directory_path() / ("tint-fetch-test-" + std::to_string(getpid()) + "-" +
                                     testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(work_);
    fs::create_directories(work_);
    entries_ = fake_cifar10_entries();
    archive_ = make_tar_gz(entries_);
    write_file(work_ / "reference.tar.gz", archive_);
    md5_ = md5_of_file((work_ / "reference.tar.gz").string());
  }
  void TearDown() override { fs::remove_all(work_); }

  FetchOptions options_for(const TestHttpServer& server) const {
    FetchOptions options;
    options.url = server.url();
    options.md5 = md5_;
    options.bytes = archive_.size();
    options.destination = (work_ / "data").string();
    options.download.retry_delay = std::chrono::milliseconds(0);
    options.download.progress = Progress::kOff;
    return options;
  }

  void expect_extracted(const std::string& folder) const {
    EXPECT_EQ(folder, (work_ / "data" / "cifar-10-batches-bin").string());
    for (const ArchiveEntry& entry : entries_)
      EXPECT_EQ(file_bytes(work_ / "data" / entry.path), entry.data) << entry.path;
  }

  fs::path work_;
  std::vector<ArchiveEntry> entries_;
  std::string archive_;
  std::string md5_;
};

TEST_F(FetchTest, Md5OfFileMatchesKnownDigests) {
  write_file(work_ / "empty", "");
  write_file(work_ / "abc", "abc");
  EXPECT_EQ(md5_of_file((work_ / "empty").string()), "d41d8cd98f00b204e9800998ecf8427e");
  EXPECT_EQ(md5_of_file((work_ / "abc").string()), "900150983cd24fb0d6963f7d28e17f72");
  EXPECT_NE(test::error_of([&] { md5_of_file((work_ / "missing").string()); }).find("missing"),
            std::string::npos);
}

TEST_F(FetchTest, DownloadsVerifiesAndExtractsTheArchive) {
  TestHttpServer server(archive_, {Reply::kServe});
  expect_extracted(fetch_cifar10(options_for(server)));
  ASSERT_EQ(server.requests().size(), 1u);
  EXPECT_EQ(server.requests()[0].target, "/cifar-10-binary.tar.gz");
  EXPECT_EQ(server.requests()[0].range, "");
  EXPECT_EQ(file_bytes(work_ / "data" / "cifar-10-binary.tar.gz"), archive_);  // kept
  EXPECT_FALSE(fs::exists(work_ / "data" / "cifar-10-binary.tar.gz.part"));
}

TEST_F(FetchTest, ResumesWithARangeRequestAfterADroppedConnection) {
  TestHttpServer server(archive_, {Reply::kDropHalfway, Reply::kServe});
  expect_extracted(fetch_cifar10(options_for(server)));
  const std::vector<SeenRequest> requests = server.requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[0].range, "");
  EXPECT_EQ(requests[1].range, "bytes=" + std::to_string(archive_.size() / 2) + "-");
}

TEST_F(FetchTest, StartsOverWhenTheServerIgnoresTheRange) {
  TestHttpServer server(archive_, {Reply::kDropHalfway, Reply::kIgnoreRange});
  expect_extracted(fetch_cifar10(options_for(server)));
  const std::vector<SeenRequest> requests = server.requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_NE(requests[1].range, "");
}

TEST_F(FetchTest, FollowsRedirects) {
  TestHttpServer server(archive_, {Reply::kRedirect, Reply::kServe});
  expect_extracted(fetch_cifar10(options_for(server)));
  const std::vector<SeenRequest> requests = server.requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[1].target, "/moved/cifar-10-binary.tar.gz");
}

TEST_F(FetchTest, GivesUpAfterTheGivenNumberOfAttemptsAndKeepsThePart) {
  TestHttpServer server(archive_, {Reply::kDropHalfway});
  FetchOptions options = options_for(server);
  options.download.attempts = 4;
  const std::string error = test::error_of([&] { fetch_cifar10(options); });
  EXPECT_NE(error.find(server.url()), std::string::npos) << error;
  EXPECT_NE(error.find("after 4 attempts"), std::string::npos) << error;
  EXPECT_NE(error.find(".part is kept"), std::string::npos) << error;
  EXPECT_EQ(server.requests().size(), 4u);
  // Every try after the first resumed at the middle, where the server always stops.
  EXPECT_EQ(fs::file_size(work_ / "data" / "cifar-10-binary.tar.gz.part"), archive_.size() / 2);
}

TEST_F(FetchTest, RetriesServerErrors) {
  TestHttpServer server(archive_, {Reply::kServerError, Reply::kServerError, Reply::kServe});
  FetchOptions options = options_for(server);
  options.download.attempts = 3;
  expect_extracted(fetch_cifar10(options));
  EXPECT_EQ(server.requests().size(), 3u);
}

TEST_F(FetchTest, ReportsNotFoundWithoutRetrying) {
  TestHttpServer server(archive_, {Reply::kNotFound});
  FetchOptions options = options_for(server);
  options.download.attempts = 3;
  const std::string error = test::error_of([&] { fetch_cifar10(options); });
  EXPECT_NE(error.find(server.url()), std::string::npos) << error;
  EXPECT_NE(error.find("HTTP status 404"), std::string::npos) << error;
  EXPECT_EQ(server.requests().size(), 1u);
  EXPECT_FALSE(fs::exists(work_ / "data" / "cifar-10-binary.tar.gz"));
  EXPECT_FALSE(fs::exists(work_ / "data" / "cifar-10-binary.tar.gz.part"));
}

TEST_F(FetchTest, ReportsAnMd5MismatchAndRemovesTheBadDownload) {
  TestHttpServer server(archive_, {Reply::kWrongBytes});
  std::string flipped = archive_;
  for (char& byte : flipped) byte = static_cast<char>(~byte);
  write_file(work_ / "flipped", flipped);
  const std::string wrong_md5 = md5_of_file((work_ / "flipped").string());

  const std::string error = test::error_of([&] { fetch_cifar10(options_for(server)); });
  EXPECT_NE(error.find("expected " + md5_), std::string::npos) << error;
  EXPECT_NE(error.find("got " + wrong_md5), std::string::npos) << error;
  EXPECT_FALSE(fs::exists(work_ / "data" / "cifar-10-binary.tar.gz"));
  EXPECT_FALSE(fs::exists(work_ / "data" / "cifar-10-batches-bin"));
}

TEST_F(FetchTest, RefusesEntriesOutsideTheDestination) {
  std::vector<ArchiveEntry> entries = fake_cifar10_entries();
  entries.push_back({"../evil", "escaped"});
  write_file(work_ / "evil.tar.gz", make_tar_gz(entries));
  const fs::path destination = work_ / "data";
  const std::string error = test::error_of(
      [&] { extract_tar_gz((work_ / "evil.tar.gz").string(), destination.string()); });
  EXPECT_NE(error.find("\"../evil\""), std::string::npos) << error;
  EXPECT_FALSE(fs::exists(work_ / "evil"));
  // What came before the bad entry is not left behind looking complete.
  EXPECT_TRUE(fs::is_empty(destination));

  write_file(work_ / "absolute.tar.gz", make_tar_gz({{"/tint-fetch-test-absolute", "x"}}));
  const std::string absolute_error = test::error_of(
      [&] { extract_tar_gz((work_ / "absolute.tar.gz").string(), destination.string()); });
  EXPECT_NE(absolute_error.find("\"/tint-fetch-test-absolute\""), std::string::npos)
      << absolute_error;
}

TEST_F(FetchTest, SkipsTheDownloadWhenTheExtractedFolderIsPresent) {
  for (const ArchiveEntry& entry : entries_) write_file(work_ / "data" / entry.path, entry.data);
  TestHttpServer server(archive_, {Reply::kNotFound});
  expect_extracted(fetch_cifar10(options_for(server)));
  EXPECT_TRUE(server.requests().empty());
}

TEST_F(FetchTest, ExtractsAnArchiveAlreadyPresentWithoutDownloading) {
  write_file(work_ / "data" / "cifar-10-binary.tar.gz", archive_);
  TestHttpServer server(archive_, {Reply::kNotFound});
  expect_extracted(fetch_cifar10(options_for(server)));
  EXPECT_TRUE(server.requests().empty());
}

TEST_F(FetchTest, RefusesAnIncompleteExtractedFolder) {
  write_file(work_ / "data" / "cifar-10-batches-bin" / "data_batch_1.bin", "x");
  TestHttpServer server(archive_, {Reply::kServe});
  const std::string error = test::error_of([&] { fetch_cifar10(options_for(server)); });
  EXPECT_NE(error.find("lacks data_batch_2.bin"), std::string::npos) << error;
  EXPECT_TRUE(server.requests().empty());
}

TEST_F(FetchTest, ShowsAProgressBarWhenAsked) {
  TestHttpServer server(archive_, {Reply::kServe});
  DownloadOptions options;
  options.progress = Progress::kBar;
  testing::internal::CaptureStderr();
  download_file(server.url(), (work_ / "archive.tar.gz").string(), options);
  const std::string shown = testing::internal::GetCapturedStderr();
  EXPECT_NE(shown.find("100% ["), std::string::npos) << shown;
  EXPECT_NE(shown.find("MB/s"), std::string::npos) << shown;
  EXPECT_EQ(file_bytes(work_ / "archive.tar.gz"), archive_);
}

}  // namespace
}  // namespace tint::trainer
