// Images/s of the streamed photo loader alone (decode, random-resized crop, Lab, soft-encoded bins
// and true ab for the photo preset's targets), over one folder, at the given sides and thread
// counts. Usage: loader_bench FOLDER [IMAGES] [SIDES, e.g. 64,128] [THREADS, e.g. 1,2]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

#include "data/photo_folders.hpp"
#include "tint/ab_bins.hpp"
#include "tint/error.hpp"
#include "training/memory_reuse.hpp"
#include "training/photo_batches.hpp"

namespace {

std::vector<int> numbers(const std::string& text) {
  std::vector<int> values;
  std::stringstream stream(text);
  for (std::string item; std::getline(stream, item, ',');) values.push_back(std::stoi(item));
  return values;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace tint::trainer;
  if (argc < 2) {
    std::fprintf(stderr, "usage: loader_bench FOLDER [IMAGES] [SIDES] [THREADS]\n");
    return 2;
  }
  keep_freed_memory_for_reuse();  // as tint train does
  try {
    auto index = std::make_shared<PhotoIndex>(index_photo_folders({argv[1]}));
    const std::size_t images = argc > 2 ? std::stoul(argv[2]) : 2048;
    if (index->files.size() > images) index->files.resize(images);
    std::vector<std::size_t> members(index->files.size());
    for (std::size_t i = 0; i < members.size(); ++i) members[i] = i;
    TargetSpec targets;
    targets.mode = tint::ModelMode::kBins313;
    targets.bin_weights.assign(std::size_t(tint::AbBins::standard().size()), 1.0f);
    std::printf("| side | loader threads | images | img/s |\n|---:|---:|---:|---:|\n");
    for (const int side : numbers(argc > 3 ? argv[3] : "64,128"))
      for (const int threads : numbers(argc > 4 ? argv[4] : "1,2")) {
        PhotoBatchSettings settings;
        settings.crop.side = side;
        settings.batch_size = 64;
        settings.threads = threads;
        settings.tensors.with_ab = true;
        PhotoBatches batches(index, members, targets, settings);
        batches.start_epoch(0);
        const auto start = std::chrono::steady_clock::now();
        std::int64_t count = 0;
        TensorSet batch;
        while (batches.next(batch)) count += batch.size();
        const double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        std::printf("| %d | %d | %lld | %.0f |\n", side, threads, static_cast<long long>(count),
                    double(count) / seconds);
        std::fflush(stdout);
      }
  } catch (const tint::Error& e) {
    std::fprintf(stderr, "loader_bench: %s\n", e.what());
    return 1;
  }
  return 0;
}
