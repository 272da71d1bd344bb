"""Writes the bad files the browser tests open: images the decoder must refuse and ONNX files that
are not colorization models, each for one message the app must show.

Usage: /usr/bin/python3 make_bad_files.py PALETTE_MODEL.onnx TESTS_DATA_DIR OUT_DIR
"""
import json
import shutil
import struct
import sys
import zlib
from pathlib import Path

import onnx
from onnx import TensorProto, helper

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from damage_file import damage_onnx  # noqa: E402  (tests/damage_file.py)

CARD_KEY = "tint.model_card"


def png_chunk(kind, data):
    return (struct.pack(">I", len(data)) + kind + data +
            struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))


def decompression_bomb(path, side=20000):
    """A valid gray PNG of side x side black pixels: 400 MB decoded, a few hundred KB on disk."""
    row = b"\x00" * (side + 1)  # filter byte + pixels
    compressor = zlib.compressobj(9)
    compressed = b"".join(compressor.compress(row) for _ in range(side)) + compressor.flush()
    header = struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", header) +
                     png_chunk(b"IDAT", compressed) + png_chunk(b"IEND", b""))


def identity_model(path, input_shape, card=None):
    """A valid ONNX model (Identity) with the given input shape and optionally a model card."""
    graph = helper.make_graph(
        [helper.make_node("Identity", ["image"], ["colour"])], "identity",
        [helper.make_tensor_value_info("image", TensorProto.FLOAT, input_shape)],
        [helper.make_tensor_value_info("colour", TensorProto.FLOAT, input_shape)])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 8
    if card is not None:
        helper.set_model_props(model, {CARD_KEY: json.dumps(card)})
    onnx.checker.check_model(model)
    onnx.save(model, str(path))


def main():
    palette_model_path, tests_data, out = map(Path, sys.argv[1:4])
    out.mkdir(parents=True, exist_ok=True)
    (out / "empty.png").write_bytes(b"")
    shutil.copy(tests_data / "truncated.png", out / "truncated.png")
    shutil.copy(tests_data / "text.png", out / "text.png")
    decompression_bomb(out / "bomb.png")
    (out / "garbage.onnx").write_bytes(b"this is not an ONNX model\n" * 10)

    palette_model = onnx.load(str(palette_model_path))
    card = json.loads({p.key: p.value for p in palette_model.metadata_props}[CARD_KEY])
    # The hand-made graphs below carry no weights: the card's checksum is not theirs.
    card.pop("weights_checksum", None)
    # An image classifier's signature: three colour channels in, no model card.
    identity_model(out / "no-card.onnx", [1, 3, 224, 224])
    # A tint card on a graph that takes colour images.
    identity_model(out / "wrong-input.onnx", [1, 3, card["input_size"], card["input_size"]], card)
    # The real palette model whose card lists fewer colours than the graph outputs.
    del palette_model.metadata_props[:]
    helper.set_model_props(palette_model, {CARD_KEY: json.dumps({**card, "palette": card["palette"][:4]})})
    onnx.save(palette_model, str(out / "contradicting-card.onnx"))
    # The real palette model with four bytes of its weights flipped.
    damage_onnx(palette_model_path, out / "damaged.onnx")


if __name__ == "__main__":
    main()
