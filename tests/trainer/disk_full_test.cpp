// A full disk while saving: the save fails with a clear error, the previous checkpoint or model
// stays as it was, and no partial file is left. The disk is "full" through RLIMIT_FSIZE, which
// makes writes past the limit fail (EFBIG) as a full disk makes them fail (ENOSPC).
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/resource.h>

#include <filesystem>

#include "export/onnx_export.hpp"
#include "tint/file_io.hpp"
#include "tiny_runs.hpp"
#include "training/checkpoint.hpp"

namespace tint::trainer {
namespace {
namespace fs = std::filesystem;

// Limits the size of files this process writes while alive.
class FileSizeLimit {
 public:
  explicit FileSizeLimit(rlim_t bytes) {
    signal(SIGXFSZ, SIG_IGN);  // the write fails instead of killing the process
    getrlimit(RLIMIT_FSIZE, &saved_);
    rlimit limited = saved_;
    limited.rlim_cur = bytes;
    EXPECT_EQ(setrlimit(RLIMIT_FSIZE, &limited), 0);
  }
  ~FileSizeLimit() { setrlimit(RLIMIT_FSIZE, &saved_); }
  FileSizeLimit(const FileSizeLimit&) = delete;
  FileSizeLimit& operator=(const FileSizeLimit&) = delete;

 private:
  rlimit saved_{};
};

std::size_t files_in(const fs::path& folder) {
  return std::size_t(std::distance(fs::directory_iterator(folder), fs::directory_iterator()));
}

TEST(DiskFull, CheckpointAndModelSavesFailCleanlyAndKeepThePreviousFiles) {
  const fs::path folder = fresh_folder("disk_full");
  TrainConfig config = tiny("unet-ab");
  config.max_steps = 1;
  train(config, quiet(folder));
  const std::string checkpoint = (folder / "checkpoint.pt").string();
  const std::string model = (folder / "model.onnx").string();
  const std::vector<std::uint8_t> checkpoint_before = read_file(checkpoint);
  const std::vector<std::uint8_t> model_before = read_file(model);
  const std::size_t files_before = files_in(folder);

  LoadedModel loaded = load_model(checkpoint);
  {
    const FileSizeLimit limit(4096);
    const std::string save_error = test::error_of(
        [&] { save_checkpoint(checkpoint, *loaded.network, nullptr, loaded.state); });
    EXPECT_NE(save_error.find("write failed: File too large"), std::string::npos) << save_error;
    const std::string export_error = test::error_of([&] {
      export_onnx(*loaded.network, model_card_of(loaded.state, loaded.network->spec()), model);
    });
    EXPECT_NE(export_error.find("write failed"), std::string::npos) << export_error;
  }
  EXPECT_EQ(read_file(checkpoint), checkpoint_before);
  EXPECT_EQ(read_file(model), model_before);
  EXPECT_EQ(files_in(folder), files_before);  // no .tmp left behind
}

}  // namespace
}  // namespace tint::trainer
