// Checkpoints: the network's weights, the optimizer's state and the run's state (settings, targets,
// epoch, early-stopping counters) in one file, written atomically, so that --resume continues
// exactly where the run stopped and a crash while saving never leaves a half-written file.
#pragma once

#include <torch/torch.h>

#include <string>

#include "models/spec_network.hpp"
#include "tint/model_card.hpp"
#include "training/train_config.hpp"
#include "training/training_tensors.hpp"

namespace tint::trainer {

struct RunState {
  TrainConfig config;
  TargetSpec targets;
  int epoch = 0;  // epochs completed
  double best_validation_loss = 0.0;
  int best_epoch = 0;
  int epochs_since_best = 0;
  double seconds = 0.0;  // training time so far
  std::string data_description;
  std::string command;
  std::string machine;  // where the run started (describe_machine)
  // Data-parallel processes of the last epoch: its global batch was config.batch_size x this.
  int processes = 1;
  // The checkpoint whose weights the run started from (--init-from), "" for random weights.
  std::string initialised_from;
  // A checkpoint written in the middle of epoch `epoch` (--checkpoint-minutes, --stop-after): the
  // batches of it already trained, their summed loss and examples, and the seconds they took.
  std::int64_t epoch_batches = 0;
  double epoch_loss_sum = 0.0;
  std::int64_t epoch_examples = 0;
  double epoch_seconds = 0.0;
};

// The run state as JSON text and back (how rank 0 hands it to the other processes of a run).
std::string run_state_text(const RunState& state);
RunState run_state_from_text(const std::string& text, const std::string& where);

void save_checkpoint(const std::string& path, const SpecNetworkImpl& network,
                     const torch::optim::Optimizer* optimizer, const RunState& state);

// The run state alone (cheap: no weights are built).
RunState read_run_state(const std::string& path);

// Weights (and, when given, the optimizer's state) into an already built network. Throws when the
// file does not hold a tint checkpoint, its architecture differs from the network's, or its
// weights do not match the checksum saved with them (a damaged file). Checkpoints are saved with
// that checksum; those from before it load with a note that they cannot be checked.
void load_checkpoint(const std::string& path, SpecNetworkImpl& network,
                     torch::optim::Optimizer* optimizer);

// A new run's weights from a checkpoint (--init-from): loaded as they are when the network is the
// checkpoint's, or grown into it when the network adds layers to the checkpoint's
// (grown_network.hpp). Returns what happened, for the run's log.
std::string start_from_checkpoint(const std::string& path, SpecNetworkImpl& network);

// The network of a checkpoint, built from its own settings, in inference mode on the CPU.
struct LoadedModel {
  RunState state;
  SpecNetwork network{nullptr};
};
LoadedModel load_model(const std::string& path);

// The model card of a trained network (metrics filled in by the caller).
ModelCard model_card_of(const RunState& state, const ModelSpec& spec);

}  // namespace tint::trainer
