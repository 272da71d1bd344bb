"""A tint layer spec (`tint train --preset P --print-spec`) as a PyTorch module, for the eager
benchmarks: the layers run in the spec's order, as the trainer's SpecNetwork runs them."""
import torch
import torch.nn.functional as F


def output_side(side, layer):
    kind = layer["type"]
    if kind in ("conv", "maxpool"):
        kernel, stride = layer["kernel"], layer["stride"]
        padding = layer.get("padding", 0) if kind == "conv" else 0
        dilation = layer.get("dilation", 1)
        return (side + 2 * padding - dilation * (kernel - 1) - 1) // stride + 1
    if kind == "upsample":
        return side * layer["factor"]
    if kind == "globalavgpool":
        return 1
    return side


class SpecNetwork(torch.nn.Module):
    """The spec's layers in order, as the trainer's SpecNetwork runs them."""

    def __init__(self, spec):
        super().__init__()
        self.layers = spec["layers"]
        self.weighted = torch.nn.ModuleDict()
        self.kept = {layer["from"] for layer in self.layers
                     if layer["type"] in ("concat", "add", "take") and layer["from"] >= 0}
        channels, widths = spec["input_channels"], []
        for i, layer in enumerate(self.layers):
            kind = layer["type"]
            if kind == "conv":
                self.weighted[str(i)] = torch.nn.Conv2d(
                    channels, layer["out"], layer["kernel"], layer["stride"],
                    layer.get("padding", 0), layer.get("dilation", 1), layer.get("groups", 1))
                channels = layer["out"]
            elif kind == "batchnorm":
                self.weighted[str(i)] = torch.nn.BatchNorm2d(channels)
            elif kind == "concat":
                channels += widths[layer["from"]]
            elif kind == "take":
                channels = spec["input_channels"] if layer["from"] < 0 else widths[layer["from"]]
            elif kind not in ("relu", "relu6", "maxpool", "upsample", "dropout", "add",
                              "globalavgpool"):
                raise SystemExit(f"layer {i}: {kind} layers are not in this benchmark")
            widths.append(channels)
        frozen = spec.get("encoder_layers", 0) if spec.get("encoder_frozen", False) else 0
        for i in range(frozen):
            if str(i) in self.weighted:
                self.weighted[str(i)].requires_grad_(False)
        self.frozen = frozen

    def forward(self, x, without_last=False):
        network_input, kept = x, {}
        count = len(self.layers) - (1 if without_last else 0)
        for i, layer in enumerate(self.layers[:count]):
            kind = layer["type"]
            if kind in ("conv", "batchnorm"):
                x = self.weighted[str(i)](x)
            elif kind == "relu":
                x = F.relu(x)
            elif kind == "relu6":
                x = F.hardtanh(x, 0.0, 6.0)
            elif kind == "maxpool":
                x = F.max_pool2d(x, layer["kernel"], layer["stride"])
            elif kind == "upsample":
                bilinear = layer.get("mode") == "bilinear"
                x = F.interpolate(x, scale_factor=layer["factor"],
                                  mode="bilinear" if bilinear else "nearest",
                                  align_corners=False if bilinear else None)
            elif kind == "dropout":
                x = F.dropout(x, layer.get("p", 0.0), self.training)
            elif kind == "globalavgpool":
                x = x.mean((2, 3), keepdim=True)
            elif kind == "concat":
                x = torch.cat([x, kept[layer["from"]]], 1)
            elif kind == "add":
                x = x + kept[layer["from"]]
            elif kind == "take":
                x = network_input if layer["from"] < 0 else kept[layer["from"]]
            if i in self.kept:
                kept[i] = x
        return x
