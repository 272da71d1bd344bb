#include "reports/progress_bar.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdio>

namespace tint::trainer {

ProgressBar::ProgressBar(std::string label, std::int64_t total, std::string unit, bool enabled)
    : label_(std::move(label)),
      unit_(std::move(unit)),
      total_(std::max<std::int64_t>(total, 1)),
      enabled_(enabled),
      terminal_(isatty(fileno(stderr)) != 0),
      start_(std::chrono::steady_clock::now()),
      last_draw_(start_) {}

double ProgressBar::rate() const {
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  return seconds > 0 ? double(done_) / seconds : 0.0;
}

void ProgressBar::update(std::int64_t done, const std::string& status) {
  done_ = done;
  if (!enabled_) return;
  const auto now = std::chrono::steady_clock::now();
  const int decile = int(10 * done_ / total_);
  if (terminal_ ? now - last_draw_ > std::chrono::milliseconds(100) : decile > last_decile_) {
    last_draw_ = now;
    last_decile_ = decile;
    draw(status, false);
  }
}

void ProgressBar::finish(const std::string& status) {
  if (enabled_) draw(status, true);
}

void ProgressBar::draw(const std::string& status, bool final_line) {
  constexpr int kWidth = 24;
  const int filled = int(kWidth * std::min(done_, total_) / total_);
  const std::string bar =
      std::string(std::size_t(filled), '#') + std::string(std::size_t(kWidth - filled), '.');
  const double per_second = rate();
  const double eta = per_second > 0 ? double(total_ - done_) / per_second : 0.0;
  std::fprintf(stderr, "%s%s [%s] %lld/%lld %.0f %s/s %s%s%s", terminal_ ? "\r" : "",
               label_.c_str(), bar.c_str(), static_cast<long long>(done_),
               static_cast<long long>(total_), per_second, unit_.c_str(), status.c_str(),
               final_line ? "" : (" ETA " + std::to_string(int(eta)) + " s").c_str(),
               terminal_ && !final_line ? "\033[K" : "\n");
  std::fflush(stderr);
}

}  // namespace tint::trainer
