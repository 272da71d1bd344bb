// Data-parallel training, process by process: `tint train` started as 2 processes (Gloo on
// 127.0.0.1, the variables torchrun sets) against 1 process with twice the batch, a process killed
// or frozen mid-run, resuming with another number of processes, mismatched settings. And the
// parts on their own: the launcher's variables, epoch shards, settings differences, the bucketed
// gradient all-reduce and synchronised batch norm in a group of one.
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <thread>

#include "distributed/data_parallel.hpp"
#include "distributed/gradient_all_reduce.hpp"
#include "distributed/launch_environment.hpp"
#include "distributed/settings_difference.hpp"
#include "distributed/synchronised_batch_norm.hpp"
#include "reports/run_report.hpp"
#include "tiny_runs.hpp"
#include "training/epoch_shard.hpp"

namespace tint::trainer {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

// A port nobody listens on now (the kernel's pick), for one run's rendezvous.
int free_port() {
  const int socket_fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  EXPECT_EQ(::bind(socket_fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  EXPECT_EQ(::getsockname(socket_fd, reinterpret_cast<sockaddr*>(&address), &length), 0);
  ::close(socket_fd);
  return ntohs(address.sin_port);
}

std::string text_of(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// `tint` as a child process, its output in a log file.
class Tint {
 public:
  Tint(const std::vector<std::string>& arguments, const std::map<std::string, std::string>& env,
       const fs::path& log, const fs::path& folder = fs::current_path())
      : log_(log) {
    pid_ = ::fork();
    if (pid_ == 0) {
      if (::chdir(folder.c_str()) != 0) ::_exit(126);
      for (const auto& [name, value] : env) ::setenv(name.c_str(), value.c_str(), 1);
      const int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      ::dup2(fd, 1);
      ::dup2(fd, 2);
      std::vector<char*> argv{const_cast<char*>(TINT_EXECUTABLE)};
      for (const std::string& argument : arguments)
        argv.push_back(const_cast<char*>(argument.c_str()));
      argv.push_back(nullptr);
      ::execv(TINT_EXECUTABLE, argv.data());
      ::_exit(127);
    }
  }
  ~Tint() {
    if (pid_ > 0 && !exited_) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
  }

  // The exit code (128 + signal when killed), or -1 when it is still running after `limit`.
  int wait(std::chrono::seconds limit = std::chrono::seconds(300)) {
    const auto end = Clock::now() + limit;
    while (Clock::now() < end) {
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        exited_ = true;
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return -1;
  }
  void signal(int number) { ::kill(pid_, number); }
  std::string log() const { return text_of(log_); }

 private:
  fs::path log_;
  pid_t pid_ = -1;
  bool exited_ = false;
};

// The variables a launcher sets for process `rank` of `world` on this machine.
std::map<std::string, std::string> launched(int rank, int world, int port) {
  return {{"RANK", std::to_string(rank)},       {"WORLD_SIZE", std::to_string(world)},
          {"LOCAL_RANK", std::to_string(rank)}, {"LOCAL_WORLD_SIZE", std::to_string(world)},
          {"MASTER_ADDR", "127.0.0.1"},         {"MASTER_PORT", std::to_string(port)}};
}

std::vector<std::string> train_arguments(const std::string& preset, const fs::path& run,
                                         std::vector<std::string> extra) {
  std::vector<std::string> arguments = {"train",
                                        "-p",
                                        preset,
                                        "-o",
                                        run.string(),
                                        "--data-dir",
                                        test::data_set("cifar-10-batches-bin"),
                                        "--threads",
                                        "1",
                                        "--no-progress",
                                        "--no-export"};
  arguments.insert(arguments.end(), extra.begin(), extra.end());
  return arguments;
}

// Runs `processes` processes of one data-parallel run (one: a group of one, which takes the same
// path through the all-reduce and synchronised batch norm) to their end, with `environment`
// added; every one must succeed.
void run_processes(int processes, const std::vector<std::string>& arguments, const fs::path& logs,
                   const std::map<std::string, std::string>& environment = {}) {
  const int port = free_port();
  std::vector<std::unique_ptr<Tint>> ranks;
  for (int rank = 0; rank < processes; ++rank) {
    std::map<std::string, std::string> variables = environment;
    variables.merge(launched(rank, processes, port));
    ranks.push_back(std::make_unique<Tint>(arguments, variables,
                                           logs / ("rank" + std::to_string(rank) + ".log")));
  }
  for (auto& rank : ranks) ASSERT_EQ(rank->wait(), 0) << rank->log();
}

// How far two runs' weights are apart: the norm of their difference relative to the norm of the
// first's, over every parameter and buffer. Left out: a convolution's bias that feeds batch norm,
// and that batch norm's running mean. The bias's gradient is zero but for rounding (batch norm
// subtracts the mean), and Adam, which divides by the gradient's size, turns rounding into steps
// of +-learning rate that differ from run to run. A norm rather than the largest element: Adam
// does the same, less starkly, to any weight whose gradient is near zero for a step, and one such
// element moves the largest difference by a whole step, while a real mistake moves every weight.
double weight_difference(const fs::path& a, const fs::path& b) {
  const LoadedModel first = load_model((a / "checkpoint.pt").string());
  const LoadedModel second = load_model((b / "checkpoint.pt").string());
  const std::vector<Layer>& layers = first.network->spec().layers;
  std::set<std::string> left_out;
  for (std::size_t i = 0; i + 1 < layers.size(); ++i)
    if (layers[i].type == LayerType::kConv && layers[i + 1].type == LayerType::kBatchNorm) {
      left_out.insert("layer" + std::to_string(i) + "_conv.bias");
      left_out.insert("layer" + std::to_string(i + 1) + "_batchnorm.running_mean");
    }
  double difference = 0, size = 0;  // squared norms
  const auto compare = [&](const torch::OrderedDict<std::string, torch::Tensor>& ours,
                           const torch::OrderedDict<std::string, torch::Tensor>& theirs) {
    EXPECT_EQ(ours.size(), theirs.size());
    for (const auto& item : ours) {
      if (left_out.count(item.key()) > 0) continue;
      const torch::Tensor x = item.value().to(torch::kDouble);
      const torch::Tensor y = theirs[item.key()].to(torch::kDouble);
      difference += (x - y).square().sum().item<double>();
      size += x.square().sum().item<double>();
    }
  };
  compare(first.network->named_parameters(), second.network->named_parameters());
  compare(first.network->named_buffers(), second.network->named_buffers());
  return std::sqrt(difference / std::max(size, 1e-24));
}

// Variables that make ATen and oneDNN pick kernels of another vector width than those in effect
// (the CPU's best, or the caps this test runs under): AVX2 instead of AVX-512, SSE4.1 instead of
// AVX2, AVX2 instead of anything narrower. The same sums, blocked otherwise.
std::map<std::string, std::string> other_kernels() {
  const std::map<std::string, std::string> avx2 = {{"ATEN_CPU_CAPABILITY", "avx2"},
                                                   {"ONEDNN_MAX_CPU_ISA", "AVX2"}};
  const std::map<std::string, std::string> sse = {{"ATEN_CPU_CAPABILITY", "default"},
                                                  {"ONEDNN_MAX_CPU_ISA", "SSE41"}};
  if (const char* capped = std::getenv("ATEN_CPU_CAPABILITY"))
    return std::string(capped) == "avx2" ? sse : avx2;
  std::ifstream cpuinfo("/proc/cpuinfo");
  std::string line;
  while (std::getline(cpuinfo, line) && line.rfind("flags", 0) != 0) {
  }
  return line.find(" avx512f") != std::string::npos ? avx2 : sse;
}

// 1 process with batch 2B against 2 with B each, over the same steps: the same weights, up to
// float32 sums taken in another order. How far that moves the weights depends on the CPU's
// kernels (AVX2 and AVX-512 block their sums differently) and on the network: Adam, dividing by
// the gradient's size, turns rounding in small gradients into visible steps. So the bound is
// measured in the same test: the one-process run again under kernels of another vector width
// (other_kernels), the same sums in another order. Two processes must stay within
// kReorderingMultiple times that, with a floor of 1e-5 (a few hundred float32 roundings, 6e-8
// each, compounded over the steps) where the two kernel sets happen to block the sums alike.
// A real mistake moves every weight by whole steps of the learning rate: a process stepping on
// its own half of the batch (a missing all-reduce), shown by one process stepping on batches of B,
// must land at least ten times further away than the bound (with one parameter's all-reduce left
// out, the three runs below land 0.0035, 0.00035 and 0.0026 apart: 20 to 350 times it). Adam
// divides by the gradient's size, so a doubled gradient changes the weights by no more than its
// epsilon: the all-reduce's average is checked on its own (GradientAllReduce below).
constexpr double kReorderingMultiple = 4.0;
constexpr double kReorderingFloor = 1e-5;

void expect_two_processes_train_as_one(const std::string& preset,
                                       const std::vector<std::string>& settings, int batch,
                                       int steps) {
  const fs::path folder = fresh_folder("dp_" + preset);
  fs::create_directories(folder);
  const auto with = [&](int batch_size, std::vector<std::string> extra) {
    std::vector<std::string> arguments = settings;
    arguments.insert(arguments.end(), {"--batch-size", std::to_string(batch_size)});
    arguments.insert(arguments.end(), extra.begin(), extra.end());
    return arguments;
  };
  run_processes(1, train_arguments(preset, folder / "one", with(2 * batch, {})), folder);
  run_processes(2, train_arguments(preset, folder / "two", with(batch, {})), folder);
  run_processes(1, train_arguments(preset, folder / "reordered", with(2 * batch, {})), folder,
                other_kernels());
  run_processes(
      1,
      train_arguments(preset, folder / "half", with(batch, {"--max-steps", std::to_string(steps)})),
      folder);

  const double reordering = weight_difference(folder / "one", folder / "reordered");
  const double bound = std::max(kReorderingMultiple * reordering, kReorderingFloor);
  const double two = weight_difference(folder / "one", folder / "two");
  const double half_batch = weight_difference(folder / "one", folder / "half");
  std::printf(
      "%s: weights of 2 processes %.3g from 1, reordered sums %.3g, bound %.3g, "
      "half-batch steps %.3g\n",
      preset.c_str(), two, reordering, bound, half_batch);
  EXPECT_LT(two, bound);
  EXPECT_GT(half_batch, 10.0 * bound) << "the bound would not catch a missing all-reduce";

  const std::vector<EpochRecord> records =
      read_epoch_records(metrics_jsonl_path((folder / "two").string()));
  ASSERT_FALSE(records.empty());
  EXPECT_EQ(records.back().processes, 2);
  EXPECT_EQ(records.back().global_batch, 2 * batch);
  // The validation loss follows the weights: relative to the loss, within the same multiple of
  // what the other kernels do to it.
  const auto validation_loss = [&](const char* run) {
    return read_run_state((folder / run / "checkpoint.pt").string()).best_validation_loss;
  };
  const double loss = validation_loss("one");
  const double loss_reordering = std::abs(validation_loss("reordered") - loss) / loss;
  EXPECT_LT(std::abs(validation_loss("two") - loss) / loss,
            std::max(kReorderingMultiple * loss_reordering, kReorderingFloor));
}

TEST(DataParallel, TwoProcessesTrainBirds4AsOneWithTheDoubleBatch) {
  // 150 images: not a multiple of the global batch, so the last step's batch is smaller.
  expect_two_processes_train_as_one(
      "birds4", {"--split", "150/32/0", "--epochs", "2", "--filters", "4"}, 16, 10);
}

TEST(DataParallel, TwoProcessesTrainLabUpsampleAsOneWithTheDoubleBatch) {
  // Without dropout: each process draws its own dropout masks, one process draws them otherwise.
  expect_two_processes_train_as_one(
      "lab-upsample", {"--max-images", "160", "--epochs", "2", "--dropout", "0", "--filters", "8"},
      16, 10);
}

TEST(DataParallel, TwoProcessesTrainUnetBinsWithSynchronisedBatchNormAsOne) {
  expect_two_processes_train_as_one("unet-bins",
                                    {"--max-images", "160", "--epochs", "2", "--dropout", "0",
                                     "--filters", "4", "--sync-batch-norm"},
                                    8, 18);
}

// birds4 as 2 processes for 3 epochs of 50 steps: long enough to interrupt in its second epoch.
std::vector<std::string> interruptible_run(const fs::path& run, const std::string& timeout) {
  return train_arguments("birds4", run,
                         {"--split", "800/32/0", "--epochs", "3", "--batch-size", "8", "--filters",
                          "4", "--dist-timeout", timeout});
}

// Whether `run`'s first checkpoint appears within 4 minutes (its processes are then in epoch 2).
bool first_checkpoint_written(const fs::path& run) {
  const auto deadline = Clock::now() + std::chrono::seconds(240);
  while (!fs::exists(run / "checkpoint.pt") && Clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  return fs::exists(run / "checkpoint.pt");
}

TEST(DataParallel, AKilledProcessStopsTheOtherAndTheRunResumesWithOneOrTwo) {
  const fs::path folder = fresh_folder("dp_killed");
  fs::create_directories(folder);
  const fs::path run = folder / "run";
  const std::vector<std::string> arguments = interruptible_run(run, "60");
  const int port = free_port();
  Tint rank0(arguments, launched(0, 2, port), folder / "rank0.log");
  Tint rank1(arguments, launched(1, 2, port), folder / "rank1.log");
  // Killed in its second epoch, once the first epoch's checkpoint is written.
  ASSERT_TRUE(first_checkpoint_written(run)) << rank0.log();
  rank1.signal(SIGKILL);
  const auto killed = Clock::now();
  EXPECT_EQ(rank1.wait(), 128 + SIGKILL);
  const int code = rank0.wait(std::chrono::seconds(90));
  EXPECT_NE(code, 0);
  EXPECT_NE(code, -1) << "rank 0 still runs a minute after rank 1 was killed";
  EXPECT_LT(Clock::now() - killed, std::chrono::seconds(60));
  EXPECT_NE(rank0.log().find("rank 0 of 2"), std::string::npos) << rank0.log();
  EXPECT_NE(rank0.log().find("Another process of the run stopped"), std::string::npos)
      << rank0.log();
  const RunState saved = read_run_state((run / "checkpoint.pt").string());
  ASSERT_GE(saved.epoch, 1);
  EXPECT_LT(saved.epoch, 3);
  EXPECT_EQ(saved.processes, 2);

  fs::copy(run, folder / "run1", fs::copy_options::recursive);
  std::vector<std::string> resumed = arguments;
  resumed.push_back("--resume");
  run_processes(2, resumed, folder);
  EXPECT_EQ(read_run_state((run / "checkpoint.pt").string()).epoch, 3);

  std::vector<std::string> alone = resumed;
  alone[4] = (folder / "run1").string();
  alone.push_back("--scale-learning-rate");
  Tint one(alone, {}, folder / "alone.log");
  ASSERT_EQ(one.wait(), 0) << one.log();
  EXPECT_NE(one.log().find("the global batch changes from 16 to 8"), std::string::npos)
      << one.log();
  const RunState finished = read_run_state((folder / "run1" / "checkpoint.pt").string());
  EXPECT_EQ(finished.epoch, 3);
  EXPECT_EQ(finished.processes, 1);
  EXPECT_DOUBLE_EQ(finished.config.learning_rate, saved.config.learning_rate / 2);
}

TEST(DataParallel, AFrozenProcessStopsTheOtherWithinTheTimeout) {
  const fs::path folder = fresh_folder("dp_frozen");
  fs::create_directories(folder);
  const fs::path run = folder / "run";
  const std::vector<std::string> arguments = interruptible_run(run, "15");
  const int port = free_port();
  Tint rank0(arguments, launched(0, 2, port), folder / "rank0.log");
  Tint rank1(arguments, launched(1, 2, port), folder / "rank1.log");
  ASSERT_TRUE(first_checkpoint_written(run)) << rank0.log();
  rank1.signal(SIGSTOP);
  const auto frozen = Clock::now();
  const int code = rank0.wait(std::chrono::seconds(90));
  EXPECT_NE(code, 0);
  EXPECT_NE(code, -1) << "rank 0 still runs 90 s after rank 1 froze";
  EXPECT_LT(Clock::now() - frozen, std::chrono::seconds(45));
  EXPECT_NE(rank0.log().find("did not answer within 15 s"), std::string::npos) << rank0.log();
  rank1.signal(SIGKILL);
  EXPECT_GE(read_run_state((run / "checkpoint.pt").string()).epoch, 1);
}

TEST(DataParallel, ProcessesWithOtherSettingsAreRefusedWithTheDifferenceNamed) {
  const fs::path folder = fresh_folder("dp_mismatch");
  fs::create_directories(folder);
  const std::vector<std::string> arguments =
      train_arguments("birds4", folder / "run", {"--split", "64/16/0", "--epochs", "1"});
  std::vector<std::string> other = arguments;
  other.insert(other.end(), {"--learning-rate", "0.002"});
  const int port = free_port();
  Tint rank0(arguments, launched(0, 2, port), folder / "rank0.log");
  Tint rank1(other, launched(1, 2, port), folder / "rank1.log");
  EXPECT_EQ(rank0.wait(std::chrono::seconds(60)), 1);
  EXPECT_EQ(rank1.wait(std::chrono::seconds(60)), 1);
  for (const Tint* rank : {&rank0, &rank1})
    EXPECT_NE(rank->log().find("rank 1 of 2 was started with other settings than rank 0: "
                               "settings.learning_rate: 0.002 on rank 1, 0.001 on rank 0"),
              std::string::npos)
        << rank->log();
  EXPECT_FALSE(fs::exists(folder / "run" / "checkpoint.pt"));
}

TEST(DataParallel, ProcessesThatSeeOtherDataAreRefusedWithTheDifferenceNamed) {
  // The same command in two folders whose "photos" differ, as on two machines.
  std::vector<fs::path> photos;
  for (const char* kind : {"n01443537", "n01629819", "n01641577"})
    for (const auto& entry :
         fs::directory_iterator(test::data_set("tiny-imagenet-200/train/") + kind + "/images"))
      photos.push_back(entry.path());
  std::sort(photos.begin(), photos.end());
  const auto expect_refused = [&](const std::string& name, std::size_t first1, std::size_t count0,
                                  std::size_t count1, const std::string& difference) {
    const fs::path folder = fresh_folder("dp_other_data_" + name);
    for (const std::string node : {"node0", "node1"}) {
      fs::create_directories(folder / node / "photos");
      const std::size_t first = node == "node0" ? 0 : first1;
      for (std::size_t i = first; i < first + (node == "node0" ? count0 : count1); ++i)
        fs::copy_file(photos.at(i), folder / node / "photos" / photos[i].filename());
    }
    const std::vector<std::string> arguments = {
        "train", "-p",       "lab-l2", "-o",        "run", "--data",        "photos",     "--size",
        "32",    "--epochs", "1",      "--threads", "1",   "--no-progress", "--no-export"};
    const int port = free_port();
    Tint rank0(arguments, launched(0, 2, port), folder / "rank0.log", folder / "node0");
    Tint rank1(arguments, launched(1, 2, port), folder / "rank1.log", folder / "node1");
    EXPECT_EQ(rank0.wait(std::chrono::seconds(60)), 1);
    EXPECT_EQ(rank1.wait(std::chrono::seconds(60)), 1);
    for (const Tint* rank : {&rank0, &rank1})
      EXPECT_NE(
          rank->log().find("rank 1 of 2 was started with other data than rank 0: " + difference),
          std::string::npos)
          << rank->log();
  };
  expect_refused("count", 0, 24, 20, "training_images: 16 on rank 1, 20 on rank 0");
  // As many photos, but not the same ones.
  expect_refused("photos", 4, 20, 20, "checksum: \"fnv1a64:");
}

TEST(DataParallel, StreamedPhotosWithUnusableFilesTrainWithoutAHang) {
  // 7 colour photos, 2 gray and 1 unreadable, 1 per batch: some processes' batches come out
  // empty, and every process must still take every step, with or without synchronised batch
  // norm.
  const fs::path folder = fresh_folder("dp_streamed");
  fs::create_directories(folder / "photos");
  fs::create_directories(folder / "validation");
  const fs::path source = test::data_set("tiny-imagenet-200/train/n01443537/images");
  std::vector<fs::path> photos;
  for (const auto& entry : fs::directory_iterator(source)) photos.push_back(entry.path());
  std::sort(photos.begin(), photos.end());
  for (std::size_t i = 0; i < 7; ++i)
    fs::copy_file(photos.at(i), folder / "photos" / photos[i].filename());
  for (std::size_t i = 7; i < 9; ++i)
    fs::copy_file(photos.at(i), folder / "validation" / photos[i].filename());
  fs::copy_file(test::fixture("gray.png"), folder / "photos" / "gray1.png");
  fs::copy_file(test::fixture("gray.png"), folder / "photos" / "gray2.png");
  fs::copy_file(test::fixture("truncated.png"), folder / "photos" / "broken.png");
  const std::vector<std::string> arguments = {"train",
                                              "-p",
                                              "photo",
                                              "-o",
                                              (folder / "run").string(),
                                              "--data",
                                              (folder / "photos").string(),
                                              "--validation-data",
                                              (folder / "validation").string(),
                                              "--size",
                                              "32",
                                              "--filters",
                                              "4",
                                              "--batch-size",
                                              "1",
                                              "--epochs",
                                              "2",
                                              "--loader-threads",
                                              "1",
                                              "--threads",
                                              "1",
                                              "--no-progress",
                                              "--no-export"};
  run_processes(2, arguments, folder);
  const std::string log = text_of(folder / "rank0.log");
  EXPECT_NE(log.find("photos: 7 used, 1 unreadable and 2 gray left out"), std::string::npos) << log;
  EXPECT_EQ(read_run_state((folder / "run" / "checkpoint.pt").string()).epoch, 2);
  // With synchronised batch norm, a process with an empty batch still joins its statistics.
  std::vector<std::string> synchronised = arguments;
  synchronised[4] = (folder / "synchronised").string();
  synchronised.push_back("--sync-batch-norm");
  run_processes(2, synchronised, folder);
  EXPECT_EQ(read_run_state((folder / "synchronised" / "checkpoint.pt").string()).epoch, 2);
}

TEST(LaunchEnvironment, IsReadFromTheLaunchersVariables) {
  std::map<std::string, std::string> variables;
  const auto read = [&] {
    return read_launch_environment([&](const char* name) -> const char* {
      const auto found = variables.find(name);
      return found == variables.end() ? nullptr : found->second.c_str();
    });
  };
  EXPECT_FALSE(read().launched);
  variables = {{"RANK", "1"},
               {"WORLD_SIZE", "4"},
               {"LOCAL_RANK", "1"},
               {"LOCAL_WORLD_SIZE", "2"},
               {"MASTER_ADDR", "node0"},
               {"MASTER_PORT", "1234"},
               {"TORCHELASTIC_RESTART_COUNT", "2"},
               {"TORCHELASTIC_USE_AGENT_STORE", "True"}};
  const LaunchEnvironment environment = read();
  EXPECT_TRUE(environment.launched);
  EXPECT_EQ(environment.rank, 1);
  EXPECT_EQ(environment.world_size, 4);
  EXPECT_EQ(environment.local_rank, 1);
  EXPECT_EQ(environment.local_world_size, 2);
  EXPECT_EQ(environment.master_address, "node0");
  EXPECT_EQ(environment.master_port, 1234);
  EXPECT_EQ(environment.restart_count, 2);
  EXPECT_TRUE(environment.agent_serves_store);

  variables = {{"RANK", "4"}, {"WORLD_SIZE", "4"}};
  EXPECT_EQ(test::error_of(read), "RANK: must be an integer in 0..3, got '4'");
  variables = {{"RANK", "0"}, {"WORLD_SIZE", "two"}};
  EXPECT_EQ(test::error_of(read), "WORLD_SIZE: must be an integer in 1..1048576, got 'two'");
  variables = {{"RANK", "0"}};
  EXPECT_EQ(test::error_of(read),
            "WORLD_SIZE: is not set, but RANK is: a data-parallel run needs both (and "
            "MASTER_ADDR, MASTER_PORT)");
  variables = {{"RANK", "0"}, {"WORLD_SIZE", "2"}, {"MASTER_PORT", "70000"}};
  EXPECT_EQ(test::error_of(read), "MASTER_PORT: must be an integer in 1..65535, got '70000'");
}

TEST(EpochShard, ProcessesTakeInterleavedPositionsOfAnEvenEpoch) {
  // 10 examples over 3 processes: 9 used, three each; validation keeps all 10.
  std::vector<int> taken(10, 0);
  for (int index = 0; index < 3; ++index) {
    const EpochShard shard{index, 3};
    ASSERT_EQ(shard.size(10), 3u);
    for (std::size_t local = 0; local < 3; ++local) ++taken[shard.position(local)];
  }
  EXPECT_EQ(taken, std::vector<int>({1, 1, 1, 1, 1, 1, 1, 1, 1, 0}));
  EXPECT_EQ((EpochShard{0, 3, false}.size(10)), 4u);
  EXPECT_EQ((EpochShard{1, 3, false}.size(10)), 3u);
  EXPECT_EQ((EpochShard{0, 1}.size(10)), 10u);
}

TEST(SettingsDifference, NamesThePathAndBothValues) {
  const Json a = parse_json(R"({"settings":{"lr":0.001,"classes":["bird"]},"resume":false})", "a");
  Json b = a;
  EXPECT_EQ(settings_difference(a, b, "rank 1", "rank 0"), "");
  b["settings"]["classes"][0] = "cat";
  EXPECT_EQ(settings_difference(b, a, "rank 1", "rank 0"),
            "settings.classes[0]: \"cat\" on rank 1, \"bird\" on rank 0");
  b = a;
  b["settings"].erase("lr");
  EXPECT_EQ(settings_difference(b, a, "rank 2", "rank 0"),
            "settings.lr: (none) on rank 2, 0.001 on rank 0");
}

// A group of one process, for the collectives' arithmetic (the store on a free local port).
std::unique_ptr<ProcessGroup> group_of_one() {
  LaunchEnvironment environment;
  environment.launched = true;
  environment.master_port = free_port();
  return std::make_unique<ProcessGroup>(environment, "gloo", std::chrono::seconds(30), torch::kCPU,
                                        [](ProcessGroup&) {});
}

TEST(GradientAllReduce, AveragesOverEveryExampleInBuckets) {
  std::unique_ptr<ProcessGroup> group = group_of_one();
  torch::manual_seed(1);
  torch::nn::Sequential network(torch::nn::Linear(8, 300), torch::nn::ReLU(),
                                torch::nn::Linear(300, 4));
  const torch::Tensor input = torch::randn({6, 8});
  // Buckets of 4 kB: the 2400 + 300 + 1200 + 4 parameters fall into several.
  GradientAllReduce gradients(*group, network->parameters(), 4096);
  EXPECT_GT(gradients.bucket_count(), 2u);
  EXPECT_EQ(gradients.bytes_per_step(), (2400 + 300 + 1200 + 4 + 2) * sizeof(float));

  const torch::Tensor loss = network->forward(input).square().mean();
  loss.backward();
  std::vector<torch::Tensor> expected;
  for (const torch::Tensor& parameter : network->parameters()) {
    expected.push_back(parameter.grad().clone());
    parameter.mutable_grad().zero_();
  }
  const torch::Tensor again = network->forward(input).square().mean();
  gradients.begin_step(6, again);
  (again * 6).backward();  // the loss summed over the examples
  const StepTotals totals = gradients.finish();
  EXPECT_EQ(totals.examples.item<double>(), 6);
  EXPECT_NEAR(totals.loss_sum.item<double>(), 6 * loss.item<double>(), 1e-4);
  const std::vector<torch::Tensor> parameters = network->parameters();
  for (std::size_t i = 0; i < parameters.size(); ++i)
    EXPECT_TRUE(torch::allclose(parameters[i].grad(), expected[i], 1e-5, 1e-7)) << i;
}

TEST(SynchronisedBatchNorm, InAGroupOfOneMatchesLibTorchsBatchNorm) {
  std::unique_ptr<ProcessGroup> group = group_of_one();
  torch::manual_seed(2);
  torch::nn::BatchNorm2d theirs(5), ours(5);
  {
    torch::NoGradGuard no_grad;
    theirs->weight.uniform_(0.5, 2);
    theirs->bias.uniform_(-1, 1);
    ours->weight.copy_(theirs->weight);
    ours->bias.copy_(theirs->bias);
  }
  const torch::Tensor x = (torch::randn({4, 5, 6, 7}) * 3 + 1).requires_grad_();
  const torch::Tensor x2 = x.detach().clone().requires_grad_();
  const torch::Tensor upstream = torch::randn({4, 5, 6, 7});
  const torch::Tensor y = theirs->forward(x);
  const torch::Tensor y2 = synchronised_batch_norm(*ours, x2, *group);
  EXPECT_TRUE(torch::allclose(y, y2, 1e-4, 1e-5));
  (y * upstream).sum().backward();
  (y2 * upstream).sum().backward();
  EXPECT_TRUE(torch::allclose(x.grad(), x2.grad(), 1e-4, 1e-5));
  EXPECT_TRUE(torch::allclose(theirs->weight.grad(), ours->weight.grad(), 1e-4, 1e-4));
  EXPECT_TRUE(torch::allclose(theirs->bias.grad(), ours->bias.grad(), 1e-4, 1e-4));
  EXPECT_TRUE(torch::allclose(theirs->running_mean, ours->running_mean, 1e-5, 1e-6));
  EXPECT_TRUE(torch::allclose(theirs->running_var, ours->running_var, 1e-5, 1e-6));
  EXPECT_EQ(ours->num_batches_tracked.item<std::int64_t>(), 1);
}

}  // namespace
}  // namespace tint::trainer
