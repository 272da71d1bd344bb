#!/usr/bin/env python3
"""PyTorch eager (Debian's python3-torch) training steps of any tint photo model on the CPU: the
side-by-side anchor for the trainer's speed.

The network is rebuilt from the layer spec the trainer prints (`tint train --preset P
--print-spec`), so both train the same model: the same layers (depthwise convolutions, the
frozen pretrained encoder, the branch for the hints, the global-context add, the bins at half
resolution), the same loss (cross-entropy over 5 soft-encoded bins with pixel weights, plus 0.5 x
smooth-L1 on the annealed mean at T = 0.45, at the spec's loss stride), Adam, float32. Inputs and
targets are random tensors of the trainer's shapes: a step's cost does not depend on their values.
Also prints the model's multiply-adds (counted from the spec) and the rate of one 3x3 convolution
on these cores, so that both trainers' speeds read as GFLOP/s against what a convolution reaches.
Prints one JSON line per side.
"""
import argparse
import json
import time

import torch
import torch.nn.functional as F

from spec_network import SpecNetwork, output_side


def multiply_adds(spec, side):
    """Per image: (forward multiply-adds of every layer, those of the trained layers)."""
    sides, channels, widths = [], spec["input_channels"], []
    current, every, trained = side, 0, 0
    frozen = spec.get("encoder_layers", 0) if spec.get("encoder_frozen", False) else 0
    for i, layer in enumerate(spec["layers"]):
        kind = layer["type"]
        if kind == "take":
            current = side if layer["from"] < 0 else sides[layer["from"]]
            channels = spec["input_channels"] if layer["from"] < 0 else widths[layer["from"]]
        elif kind == "concat":
            channels += widths[layer["from"]]
        elif kind == "add":
            current = max(current, sides[layer["from"]])
        new_side = output_side(current, layer)
        if kind == "conv":
            groups = layer.get("groups", 1)
            count = layer["out"] * (channels // groups) * layer["kernel"] ** 2 * new_side ** 2
            every += count
            trained += count if i >= frozen else 0
            channels = layer["out"]
        current = new_side
        sides.append(current)
        widths.append(channels)
    return every, trained


def step_seconds(model, spec, side, batch, steps, bins=261):
    """Median seconds of a training step at side x side, batch `batch`."""
    stride = spec.get("loss_stride", 1)
    loss_side = side // stride
    generator = torch.Generator().manual_seed(0)
    inputs = torch.randn(batch, spec["input_channels"], side, side, generator=generator)
    target = torch.randint(0, bins, (batch, 5, loss_side, loss_side), generator=generator)
    target_weights = torch.softmax(torch.randn(batch, 5, loss_side, loss_side,
                                               generator=generator), 1)
    pixel_weights = torch.rand(batch, loss_side, loss_side, generator=generator) + 0.5
    ab = torch.randn(batch, 2, loss_side, loss_side, generator=generator) * 30
    centres = torch.randn(bins, 2, generator=generator) * 40
    trained = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.Adam(trained, 1e-3)
    model.train()
    times = []
    for i in range(steps + 2):  # two warm-up steps
        start = time.perf_counter()
        logits = model(inputs, without_last=stride > 1)
        picked = torch.log_softmax(logits, 1).gather(1, target)
        cross_entropy = (-(picked * target_weights).sum(1) * pixel_weights).mean()
        probabilities = torch.softmax(logits / 0.45, 1)
        mean = torch.einsum("bkhw,kc->bchw", probabilities, centres)
        loss = cross_entropy + 0.5 * F.smooth_l1_loss(mean, ab)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
        if i >= 2:
            times.append(time.perf_counter() - start)
    times.sort()
    return times[len(times) // 2]


def convolution_gflops(threads_steps=10):
    """Forward rate of one 3x3 convolution, 64 -> 64 channels at 64 x 64, batch 32."""
    x = torch.randn(32, 64, 64, 64)
    conv = torch.nn.Conv2d(64, 64, 3, padding=1)
    times = []
    with torch.no_grad():
        for i in range(threads_steps + 2):
            start = time.perf_counter()
            conv(x)
            if i >= 2:
                times.append(time.perf_counter() - start)
    times.sort()
    return 2 * 32 * 64 * 64 * 9 * 64 * 64 / times[len(times) // 2] / 1e9


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--spec", required=True, help="JSON from tint train --print-spec")
    parser.add_argument("--sides", default="64,128", help="crop sides, comma-separated")
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--steps", type=int, default=6, help="timed steps a side (median)")
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    with open(args.spec) as file:
        spec = json.load(file)
    model = SpecNetwork(spec)
    print(json.dumps({"convolution_gflops": round(convolution_gflops(), 1)}), flush=True)
    for side in (int(s) for s in args.sides.split(",")):
        every, trained = multiply_adds(spec, side)
        seconds = step_seconds(model, spec, side, args.batch_size, args.steps)
        # Training: the forward pass, and for trained layers the input and weight gradients.
        flops = 2 * (every + 2 * trained)
        print(json.dumps({"side": side, "images_per_second": round(args.batch_size / seconds, 1),
                          "training_gflop_per_image": round(flops / 1e9, 3),
                          "gflops": round(flops * args.batch_size / seconds / 1e9, 1)}),
              flush=True)


if __name__ == "__main__":
    main()
