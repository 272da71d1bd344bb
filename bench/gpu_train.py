#!/usr/bin/env python3
"""Training speed on a CUDA GPU: the tint trainer next to a plain eager PyTorch loop of the same model.

Both train the default model (preset unet-bins) on 45,000 CIFAR-10 images with data resident on
the GPU, at each batch size, for a few epochs; the table shows the median images/s of the epochs
after the first (cuDNN's kernel choice and allocator warm-up happen in the first). Prints a
Markdown table; run on the GPU machine:

    python3 bench/gpu_train.py --tint build/cuda/native-trainer/tint --data-dir DIR
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile


def median_after_first(values):
    return statistics.median(values[1:] if len(values) > 1 else values)


def run_tint(tint, preset, data_dir, batch, epochs, precision, memory_format, folder):
    run = os.path.join(folder, f"{preset}-{batch}-{precision}-{memory_format}")
    subprocess.run([tint, "train", "--preset", preset, "--device", "cuda", "--data-dir", data_dir,
                    "--batch-size", str(batch), "--epochs", str(epochs), "--patience", "0",
                    "--precision", precision, "--memory-format", memory_format, "--no-export",
                    "--no-progress", "--out", run], check=True, stdout=subprocess.DEVNULL)
    with open(os.path.join(run, "metrics.jsonl")) as file:
        return [json.loads(line)["images_per_second"] for line in file if line.strip()]


def run_eager(spec, data_dir, batch, epochs, precision, memory_format):
    script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "eager_train.py")
    out = subprocess.run([sys.executable, script, "--spec", spec, "--data-dir", data_dir,
                          "--batch-size", str(batch), "--epochs", str(epochs), "--precision",
                          precision, "--memory-format", memory_format],
                         check=True, capture_output=True, text=True).stdout
    return [json.loads(line)["images_per_second"] for line in out.splitlines() if line.strip()]


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tint", required=True)
    parser.add_argument("--data-dir", required=True)
    parser.add_argument("--preset", default="unet-bins")
    parser.add_argument("--batches", default="512,1024")
    parser.add_argument("--epochs", type=int, default=4)
    args = parser.parse_args()

    import torch  # only for the device's name
    print(f"GPU: {torch.cuda.get_device_name()}, PyTorch {torch.__version__}\n")
    print("| batch | precision | memory format | tint img/s | eager PyTorch img/s | tint / eager |")
    print("| ---: | --- | --- | ---: | ---: | ---: |")
    with tempfile.TemporaryDirectory() as folder:
        spec = os.path.join(folder, "spec.json")
        with open(spec, "w") as file:
            subprocess.run([args.tint, "train", "--preset", args.preset, "--print-spec"],
                           check=True, stdout=file)
        for batch in [int(b) for b in args.batches.split(",")]:
            for precision, memory_format in [("bfloat16", "channels-last"),
                                             ("bfloat16", "contiguous"),
                                             ("float32", "contiguous")]:
                tint = median_after_first(run_tint(args.tint, args.preset, args.data_dir, batch,
                                                   args.epochs, precision, memory_format, folder))
                eager = median_after_first(run_eager(spec, args.data_dir, batch, args.epochs,
                                                     precision, memory_format))
                print(f"| {batch} | {precision} | {memory_format} | {tint:,.0f} | {eager:,.0f} "
                      f"| {tint / eager:.2f} |", flush=True)


if __name__ == "__main__":
    main()
