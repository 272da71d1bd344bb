// Flip augmentation mirrors exactly the chosen examples, and every tensor of an example with it.
#include <gtest/gtest.h>

#include "training/training_tensors.hpp"

namespace tint::trainer {
namespace {

TEST(MirroredWhere, FlipsTheChosenExamplesInEveryTensor) {
  TensorSet set;
  set.input = torch::arange(2 * 1 * 2 * 3, torch::kFloat).reshape({2, 1, 2, 3});
  set.target = torch::arange(2 * 5 * 2 * 3, torch::kLong).reshape({2, 5, 2, 3});
  set.target_weights = set.target.to(torch::kFloat) / 10;
  set.pixel_weights = torch::arange(2 * 2 * 3, torch::kFloat).reshape({2, 2, 3});
  const TensorSet flipped = set.mirrored_where(torch::tensor({false, true}));
  EXPECT_TRUE(flipped.input[0].equal(set.input[0]));
  EXPECT_TRUE(flipped.input[1].equal(set.input[1].flip({2})));
  EXPECT_EQ(flipped.input[1][0][0][0].item<float>(), set.input[1][0][0][2].item<float>());
  EXPECT_TRUE(flipped.target[0].equal(set.target[0]));
  EXPECT_TRUE(flipped.target[1].equal(set.target[1].flip({2})));
  EXPECT_TRUE(flipped.target_weights[1].equal(set.target_weights[1].flip({2})));
  EXPECT_TRUE(flipped.pixel_weights[1].equal(set.pixel_weights[1].flip({1})));
  EXPECT_TRUE(flipped.pixel_weights[0].equal(set.pixel_weights[0]));
}

TEST(MirroredWhere, LeavesUndefinedTensorsUndefined) {
  TensorSet set;
  set.input = torch::zeros({3, 1, 4, 4});
  set.target = torch::zeros({3, 2, 4, 4});
  const TensorSet flipped = set.mirrored_where(torch::tensor({true, false, true}));
  EXPECT_FALSE(flipped.target_weights.defined());
  EXPECT_FALSE(flipped.pixel_weights.defined());
}

}  // namespace
}  // namespace tint::trainer
