#!/usr/bin/env python3
"""Builds the peer workloads' ONNX models (T.onnx, S.onnx, B.onnx, T_fused.onnx) from the safetensors files beside
this script, so the ONNX Runtime benchmarks run on exactly the weights AttnGen loads.

    apt-get install python3-onnx python3-numpy     # Debian/Ubuntu; or: pip install onnx numpy
    python3 tests/data/peers/make_onnx.py [--out DIR] [--weights DIR]

The graphs are the ones PyTorch 1.13's exporter wrote for these workloads (opset 17): separate q/k/v MatMul + Add,
Reshape/Transpose into heads, MatMul, Div by sqrt(head size), (T: Add the causal mask), Softmax, MatMul, back to
[1, L, d], the output projection; S and B add the residual, LayerNormalization, and the feed-forward with GELU
spelled out through Erf. Node for node (names, order, attributes, weights bit for bit) they are what the exporter
wrote; only the initializers are named differently, and a rerun writes the same bytes. Keeping the exporter's
operator pattern matters: ONNX Runtime (ORT_ENABLE_ALL) recognises it and fuses it, so the models run as fast as an
exported one would. T_fused is T written directly with ONNX Runtime's com.microsoft Attention operator, its fastest
form of T.

Needs only numpy and onnx: the safetensors format is parsed here (8-byte little-endian header length, JSON header,
raw little-endian data).
"""

import argparse
import json
import os
import struct
import sys

try:
    import numpy as np
    import onnx
    from onnx import TensorProto, helper, numpy_helper
except ImportError as error:
    # Debian's package installs into /usr/bin/python3 only; a pyenv or venv python3 first on PATH will not see it.
    sys.exit(f"{error}: apt-get install python3-onnx python3-numpy and run this with /usr/bin/python3, "
             "or pip install onnx numpy.")

HERE = os.path.dirname(os.path.abspath(__file__))

# The exporter's versions; ONNX Runtime 1.31 reads both, and the onnx package in Debian 12 (1.12) writes both.
OPSET = 17
IR_VERSION = 8


def read_safetensors(path):
    """The F32 weights of a safetensors file by name, its metadata, and input.x's shape [1, L, d]; input.* and
    expected.* are data, not weights."""
    with open(path, "rb") as f:
        (header_length,) = struct.unpack("<Q", f.read(8))
        header = json.loads(f.read(header_length))
        data = f.read()
    metadata = header.pop("__metadata__", {})
    input_shape = header["input.x"]["shape"]
    weights = {}
    for name, entry in header.items():
        if name.startswith(("input.", "expected.")):
            continue
        if entry["dtype"] != "F32":
            sys.exit(f"{path}: {name} is {entry['dtype']}; only F32 is expected here.")
        begin, end = entry["data_offsets"]
        weights[name] = np.frombuffer(data[begin:end], dtype="<f4").reshape(entry["shape"]).astype(np.float32)
    return weights, metadata, input_shape


class Graph:
    """Collects nodes and initializers under the exporter's naming style, so the models read like exported ones."""

    def __init__(self):
        self.nodes = []
        self.initializers = []

    def weight(self, name, array):
        self.initializers.append(numpy_helper.from_array(np.ascontiguousarray(array, dtype=np.float32), name))
        return name

    def constant(self, name, array):
        self.nodes.append(helper.make_node("Constant", [], [name + "_output_0"], name=name,
                                           value=numpy_helper.from_array(array, name)))
        return name + "_output_0"

    def op(self, op_type, name, inputs, output=None, **attributes):
        output = output or name + "_output_0"
        self.nodes.append(helper.make_node(op_type, inputs, [output], name=name, **attributes))
        return output

    def linear(self, prefix, x, weight, bias, output=None):
        """PyTorch's Linear as exported: MatMul by the transposed [in, out] weight, then Add(bias, product)."""
        dotted = prefix.replace("/", ".")
        product = self.op("MatMul", f"/{prefix}/MatMul", [x, self.weight(f"{dotted}.weight_t", weight.T)])
        return self.op("Add", f"/{prefix}/Add", [self.weight(f"{dotted}.bias", bias), product], output)

    def model(self, graph_name, length, d_model, opsets):
        shape = [1, length, d_model]
        graph = helper.make_graph(self.nodes, graph_name,
                                  [helper.make_tensor_value_info("x", TensorProto.FLOAT, shape)],
                                  [helper.make_tensor_value_info("y", TensorProto.FLOAT, shape)],
                                  self.initializers)
        model = helper.make_model(graph, producer_name="make_onnx.py",
                                  opset_imports=[helper.make_opsetid(domain, version) for domain, version in opsets])
        model.ir_version = IR_VERSION
        return model


def attention(g, prefix, x, q, k, v, o, heads, length, d_model, causal, output=None):
    """Multi-head self-attention; q, k, v, o are (weight [out, in], bias) pairs."""
    scope = f"/{prefix}" if prefix else ""
    head_size = d_model // heads
    name = (lambda part: f"{prefix}/{part}") if prefix else (lambda part: part)

    # Nodes in the exporter's order and under its names: only the initializers' names differ from an exported model.
    query = g.linear(name("q"), x, *q)
    split = np.array([1, length, heads, head_size], dtype=np.int64)
    q_shape = g.constant(f"{scope}/Constant", split)
    k_shape = g.constant(f"{scope}/Constant_1", split)
    v_shape = g.constant(f"{scope}/Constant_2", split)
    query = g.op("Reshape", f"{scope}/Reshape", [query, q_shape], allowzero=0)
    query = g.op("Transpose", f"{scope}/Transpose", [query], perm=[0, 2, 1, 3])
    key = g.op("Reshape", f"{scope}/Reshape_1", [g.linear(name("k"), x, *k), k_shape], allowzero=0)
    value = g.op("Reshape", f"{scope}/Reshape_2", [g.linear(name("v"), x, *v), v_shape], allowzero=0)
    value = g.op("Transpose", f"{scope}/Transpose_1", [value], perm=[0, 2, 1, 3])
    key = g.op("Transpose", f"{scope}/Transpose_2", [key], perm=[0, 2, 3, 1])

    scores = g.op("MatMul", f"{scope}/MatMul", [query, key])
    scale = g.constant(f"{scope}/Constant_3", np.array(np.sqrt(head_size), dtype=np.float32))
    scores = g.op("Div", f"{scope}/Div", [scores, scale])
    if causal:
        # -inf above the diagonal, as PyTorch's generate_square_subsequent_mask; an initializer, as exported.
        mask = np.triu(np.full((length, length), -np.inf, dtype=np.float32), k=1)
        scores = g.op("Add", f"{scope}/Add", [scores, g.weight("mask", mask)])
    probabilities = g.op("Softmax", f"{scope}/Softmax", [scores], axis=-1)

    context = g.op("MatMul", f"{scope}/MatMul_1", [probabilities, value])
    context = g.op("Transpose", f"{scope}/Transpose_3", [context], perm=[0, 2, 1, 3])
    merged = g.constant(f"{scope}/Constant_4", np.array([1, length, d_model], dtype=np.int64))
    context = g.op("Reshape", f"{scope}/Reshape_3", [context, merged], allowzero=0)
    return g.linear(name("o"), context, *o, output=output)


def split_in_proj(weights, prefix):
    """nn.MultiheadAttention packs q, k, v into in_proj_weight [3d, d] and in_proj_bias [3d]."""
    w, b = weights[prefix + "in_proj_weight"], weights[prefix + "in_proj_bias"]
    d = w.shape[1]
    return [(w[i * d:(i + 1) * d], b[i * d:(i + 1) * d]) for i in range(3)]


def make_t(weights, metadata, length, d_model):
    g = Graph()
    q, k, v = split_in_proj(weights, "")
    o = (weights["out_proj.weight"], weights["out_proj.bias"])
    attention(g, "", "x", q, k, v, o, int(metadata["heads"]), length, d_model,
              causal=metadata["mask"] == "Causal", output="y")
    return g.model("torch_jit", length, d_model, [("", OPSET)])


def make_t_fused(weights, metadata, length, d_model):
    """com.microsoft Attention takes q, k, v packed as one [d, 3d] weight: in_proj_weight transposed."""
    g = Graph()
    g.weight("Wqkv", weights["in_proj_weight"].T)
    g.weight("bqkv", weights["in_proj_bias"])
    g.weight("Wo", weights["out_proj.weight"].T)
    g.weight("bo", weights["out_proj.bias"])
    g.nodes.append(helper.make_node("Attention", ["x", "Wqkv", "bqkv"], ["ctx"], domain="com.microsoft",
                                    num_heads=int(metadata["heads"]),
                                    unidirectional=1 if metadata["mask"] == "Causal" else 0))
    g.nodes.append(helper.make_node("MatMul", ["ctx", "Wo"], ["attn_mm"]))
    g.nodes.append(helper.make_node("Add", ["attn_mm", "bo"], ["y"]))
    return g.model("T_contrib", length, d_model, [("", OPSET), ("com.microsoft", 1)])


# Where each naming keeps the parts of a post-norm encoder layer: q, k, v, o, norm1, linear1, linear2, norm2.
LAYER_NAMES = {
    "pytorch": {
        "o": "self_attn.out_proj", "norm1": "norm1", "linear1": "linear1", "linear2": "linear2", "norm2": "norm2",
    },
    "huggingface_bert": {
        "q": "attention.self.query", "k": "attention.self.key", "v": "attention.self.value",
        "o": "attention.output.dense", "norm1": "attention.output.LayerNorm",
        "linear1": "intermediate.dense", "linear2": "output.dense", "norm2": "output.LayerNorm",
    },
}


def make_layer(weights, metadata, length, d_model):
    """Post-norm encoder layer: y = LN2(h + FF(h)), h = LN1(x + Attention(x)), FF = linear2(GELU(linear1))."""
    if metadata["activation"] != "gelu" or metadata["norm_first"] != "false" or metadata["mask"] != "None":
        sys.exit(f"Only unmasked post-norm GELU layers are built here, not {metadata}.")
    names = LAYER_NAMES[metadata["naming"]]
    part = lambda key: (weights[names[key] + ".weight"], weights[names[key] + ".bias"])
    if metadata["naming"] == "pytorch":
        q, k, v = split_in_proj(weights, "self_attn.")
    else:
        q, k, v = part("q"), part("k"), part("v")
    eps = float(metadata["layer_norm_eps"])

    g = Graph()
    attended = attention(g, "attn", "x", q, k, v, part("o"), int(metadata["heads"]), length, d_model, causal=False)
    h = g.op("Add", "/Add", ["x", attended])
    h = g.op("LayerNormalization", "/ln1/LayerNormalization",
             [h, g.weight("ln1.weight", part("norm1")[0]), g.weight("ln1.bias", part("norm1")[1])], axis=-1, epsilon=eps)

    # GELU(u) = u·(1 + erf(u/√2))·0.5, the exporter's spelling, which ONNX Runtime fuses into one Gelu.
    u = g.linear("ff1", h, *part("linear1"))
    gelu = g.op("Div", "/Div", [u, g.constant("/Constant", np.array(np.sqrt(2.0), dtype=np.float32))])
    gelu = g.op("Erf", "/Erf", [gelu])
    gelu = g.op("Add", "/Add_1", [gelu, g.constant("/Constant_1", np.array(1.0, dtype=np.float32))])
    gelu = g.op("Mul", "/Mul", [u, gelu])
    gelu = g.op("Mul", "/Mul_1", [gelu, g.constant("/Constant_2", np.array(0.5, dtype=np.float32))])

    out = g.op("Add", "/Add_2", [h, g.linear("ff2", gelu, *part("linear2"))])
    g.op("LayerNormalization", "/ln2/LayerNormalization",
         [out, g.weight("ln2.weight", part("norm2")[0]), g.weight("ln2.bias", part("norm2")[1])], output="y",
         axis=-1, epsilon=eps)
    return g.model("torch_jit", length, d_model, [("", OPSET)])


# Model file → (safetensors file, builder).
MODELS = {
    "T.onnx": ("T.safetensors", make_t),
    "T_fused.onnx": ("T.safetensors", make_t_fused),
    "S.onnx": ("S.safetensors", make_layer),
    "B.onnx": ("B.safetensors", make_layer),
}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default=HERE, help="where to write the models (default: beside this script)")
    parser.add_argument("--weights", default=HERE, help="where the .safetensors files are (default: beside this script)")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)

    for model_file, (weights_file, build) in MODELS.items():
        path = os.path.join(args.weights, weights_file)
        weights, metadata, (_, length, d_model) = read_safetensors(path)
        model = build(weights, metadata, length, d_model)
        # The checker knows no com.microsoft operators; ONNX Runtime checks T_fused when it loads it.
        if all(opset.domain == "" for opset in model.opset_import):
            onnx.checker.check_model(model, full_check=True)
        onnx.save(model, os.path.join(args.out, model_file))
        print(f"{os.path.join(args.out, model_file)}: {len(model.graph.node)} nodes, from {weights_file}")


if __name__ == "__main__":
    main()
