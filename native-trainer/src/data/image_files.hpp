// Finds image files: a path may name one file or a folder, searched recursively.
#pragma once

#include <string>
#include <vector>

namespace tint::trainer {

// Sorted, de-duplicated image paths (by extension: png, jpg, jpeg, bmp, gif, tga). Throws when a
// path does not exist or when nothing is found.
std::vector<std::string> find_image_files(const std::vector<std::string>& paths);

}  // namespace tint::trainer
