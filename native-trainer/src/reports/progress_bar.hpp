// A one-line progress bar on stderr: done/total, rate, the caller's status text and the ETA.
// Redrawn in place on a terminal; elsewhere (logs, CI) one line per 10 % so logs stay short.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace tint::trainer {

class ProgressBar {
 public:
  ProgressBar(std::string label, std::int64_t total, std::string unit, bool enabled = true);
  // Sets progress to `done` items and shows `status` (e.g. "loss 0.0123").
  void update(std::int64_t done, const std::string& status = "");
  void finish(const std::string& status = "");  // the final line, with a line break
  double rate() const;                          // items per second so far

 private:
  void draw(const std::string& status, bool final_line);

  std::string label_, unit_;
  std::int64_t total_, done_ = 0;
  bool enabled_, terminal_;
  int last_decile_ = -1;
  std::chrono::steady_clock::time_point start_, last_draw_;
};

}  // namespace tint::trainer
