#!/usr/bin/env python3
"""A plain eager PyTorch training loop of a tint model, for comparing the trainer's speed on a GPU.

The network is rebuilt from the layer spec the trainer prints (`tint train --preset P --print-spec`),
so both loops train the same model: the same layers, the same loss (bins: rebalanced cross-entropy
over the 5 soft-encoded bins, gathered), Adam, bfloat16 autocast and channels-last as the trainer
uses them on CUDA, data resident on the GPU, a fresh permutation per epoch. Inputs are the CIFAR-10
images' L; targets are random bins with random soft weights of the same shapes: a step's cost does
not depend on their values. Prints one JSON line per epoch with the training images per second.
"""
import argparse
import json
import time

import numpy as np
import torch

from spec_network import SpecNetwork


def cifar_lightness(folder, count):
    """L of the first `count` training images, normalised as the trainer does: (L - 50) / 50."""
    records = np.concatenate([
        np.fromfile(f"{folder}/data_batch_{i}.bin", dtype=np.uint8).reshape(-1, 3073)
        for i in range(1, 6)
    ])[:count]
    rgb = torch.from_numpy(records[:, 1:].reshape(-1, 3, 32, 32).copy()).float() / 255.0
    linear = torch.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
    y = 0.2126729 * linear[:, 0] + 0.7151522 * linear[:, 1] + 0.0721750 * linear[:, 2]
    f = torch.where(y > 216 / 24389, y ** (1 / 3), (24389 / 27 * y + 16) / 116)
    return ((116 * f - 16 - 50) / 50).unsqueeze(1)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--spec", required=True, help="JSON from tint train --print-spec")
    parser.add_argument("--data-dir", required=True, help="cifar-10-batches-bin folder")
    parser.add_argument("--images", type=int, default=45000)
    parser.add_argument("--batch-size", type=int, default=1024)
    parser.add_argument("--epochs", type=int, default=4)
    parser.add_argument("--learning-rate", type=float, default=1e-3)
    parser.add_argument("--precision", choices=["bfloat16", "float32"], default="bfloat16")
    parser.add_argument("--memory-format", choices=["channels-last", "contiguous"],
                        default="channels-last")
    args = parser.parse_args()

    device = torch.device("cuda")
    torch.backends.cudnn.benchmark = True
    with open(args.spec) as file:
        spec = json.load(file)
    bins = next(layer["out"] for layer in reversed(spec["layers"]) if layer["type"] == "conv")
    inputs = cifar_lightness(args.data_dir, args.images).to(device)
    n, _, height, width = inputs.shape
    generator = torch.Generator(device=device).manual_seed(0)
    target = torch.randint(0, bins, (n, 5, height, width), device=device, generator=generator)
    target_weights = torch.rand((n, 5, height, width), device=device, generator=generator)
    target_weights /= target_weights.sum(1, keepdim=True)
    pixel_weights = torch.rand((n, height, width), device=device, generator=generator) + 0.5

    torch.manual_seed(0)
    model = SpecNetwork(spec).to(device)
    memory_format = (torch.channels_last if args.memory_format == "channels-last"
                     else torch.contiguous_format)
    model = model.to(memory_format=memory_format)
    optimizer = torch.optim.Adam(model.parameters(), lr=args.learning_rate)
    autocast = args.precision == "bfloat16"
    for epoch in range(1, args.epochs + 1):
        model.train()
        order = torch.randperm(n, device=device)
        total = torch.zeros((), device=device)
        torch.cuda.synchronize()
        start = time.perf_counter()
        for first in range(0, n, args.batch_size):
            rows = order[first:first + args.batch_size]
            optimizer.zero_grad(set_to_none=True)
            with torch.autocast("cuda", dtype=torch.bfloat16, enabled=autocast):
                output = model(inputs[rows])
            log_probabilities = torch.log_softmax(output.float(), 1)
            picked = log_probabilities.gather(1, target[rows])
            loss = (-(picked * target_weights[rows]).sum(1) * pixel_weights[rows]).mean()
            loss.backward()
            optimizer.step()
            total += loss.detach() * rows.numel()
        mean_loss = total.item() / n  # the one host sync of the epoch
        seconds = time.perf_counter() - start
        print(json.dumps({"epoch": epoch, "loss": mean_loss, "seconds": seconds,
                          "images_per_second": n / seconds}), flush=True)


if __name__ == "__main__":
    main()
