// CIFAR-10 in the official binary format: files of 3073-byte records (label byte, then 1024 red,
// 1024 green and 1024 blue bytes of a 32x32 image, rows top to bottom).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "data/image_set.hpp"

namespace tint::trainer {

constexpr std::size_t kCifar10RecordBytes = 3073;
extern const std::array<const char*, 10> kCifar10Classes;  // label order: airplane .. truck

// The folder used when none is given: $TINT_DATA_DIR/cifar-10-batches-bin when TINT_DATA_DIR is
// set, else ../shared/data/cifar-10-batches-bin relative to the working directory.
std::string default_cifar10_dir();

// One batch file. Throws, naming the file, when it is missing, empty, not a whole number of
// records ("... 30730001 bytes is not a multiple of 3073") or has a label above 9 ("record 17:
// label 12").
ImageSet read_cifar10_file(const std::string& path);
// The records of a batch file already read, named `path` in errors.
ImageSet read_cifar10_records(const std::vector<std::uint8_t>& bytes, const std::string& path);

enum class Cifar10Part { kTrain, kTest };
// kTrain: data_batch_1.bin .. data_batch_5.bin; kTest: test_batch.bin, or test_batch.first1017.bin
// where only that exists. Throws when a file is missing, naming it and the folder.
ImageSet read_cifar10(const std::string& folder, Cifar10Part part);

}  // namespace tint::trainer
