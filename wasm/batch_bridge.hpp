// The thin bridge to the page's batch of files (web/batch.js): the page holds the files and the
// finished results; these calls return at once, and the page answers through the exported
// callbacks in batch_bridge.cpp, which hand them to batch.hpp.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace tint::app {

// Reads the batch's photo `index`; it arrives in on_batch_photo_read or on_batch_photo_unreadable.
void read_batch_file(int index);
// The finished photo's file, for the zip.
void keep_batch_result(int index, const std::vector<std::uint8_t>& bytes,
                       const std::string& file_name);
void forget_batch_results();
// Streams the finished photos as a zip to the user's disk.
void download_batch_zip();

}  // namespace tint::app
