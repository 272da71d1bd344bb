"""Copies a checkpoint or an ONNX model with four bytes of its weights flipped, as a bad disk or a
bad download leaves them: the file still opens, only its weights are wrong.

Usage: /usr/bin/python3 damage_file.py checkpoint|onnx SOURCE DESTINATION
"""
import sys
import zipfile
from pathlib import Path


def flip_four_bytes(data, offset):
    for i in range(offset, offset + 4):
        data[i] ^= 0x5A


def damage_checkpoint(source, destination):
    """Flips bytes in the middle of the first tensor a LibTorch archive stores: the first layer's
    weights."""
    data = bytearray(source.read_bytes())
    with zipfile.ZipFile(source) as archive:
        entry = next(e for e in archive.infolist() if e.filename.endswith("/data/0"))
    # A local file header is 30 bytes, then the name and the extra field.
    name_length = int.from_bytes(data[entry.header_offset + 26:entry.header_offset + 28], "little")
    extra_length = int.from_bytes(data[entry.header_offset + 28:entry.header_offset + 30], "little")
    start = entry.header_offset + 30 + name_length + extra_length
    flip_four_bytes(data, start + entry.file_size // 2)
    destination.write_bytes(bytes(data))


def damage_onnx(source, destination):
    """Flips bytes in the middle of the model's largest initializer."""
    import onnx  # only here: the checkpoint case needs no ONNX package

    model = onnx.load(str(source))
    largest = max(model.graph.initializer, key=lambda tensor: len(tensor.raw_data))
    data = bytearray(source.read_bytes())
    start = data.find(largest.raw_data)
    if start < 0:
        raise SystemExit(f"{source}: the initializer {largest.name} is not stored as raw bytes")
    flip_four_bytes(data, start + len(largest.raw_data) // 2)
    destination.write_bytes(bytes(data))


def main():
    kind, source, destination = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
    {"checkpoint": damage_checkpoint, "onnx": damage_onnx}[kind](source, destination)


if __name__ == "__main__":
    main()
