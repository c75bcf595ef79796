#!/usr/bin/env python3
"""Writes the decoder-only layer golden cases (issue 12) beside this script: one safetensors file per case and
index.json.

    apt-get install python3-torch        # Debian 12: PyTorch 1.13
    /usr/bin/python3 tests/data/decoding/make_golden.py [--out DIR]

The modules below mirror HuggingFace transformers' GPT2Block (modeling_gpt2.py: Conv1D, GPT2Attention, GPT2MLP with
gelu_new) and LlamaDecoderLayer (modeling_llama.py: LlamaRMSNorm, LlamaRotaryEmbedding, rotate_half,
apply_rotary_pos_emb, repeat_kv, LlamaAttention, LlamaMLP) line by line, with dropout, caching and attention-mask
plumbing left out (inference, one causal pass over the whole sequence). Everything runs in float64 from weights and
inputs that are first rounded to float32, the precision they are stored in, so the expected outputs are exact for the
stored values to within float64 rounding. transformers itself is not needed.

The safetensors format is written here by hand (8-byte little-endian header length, JSON header padded with spaces to
a multiple of 8, raw little-endian data), since Debian has no package of the safetensors library. A rerun writes the
same bytes: every value comes from a seeded torch.Generator.
"""

import argparse
import json
import math
import os
import struct
import sys

try:
    import torch
    from torch import nn
except ImportError as error:
    # Debian's package installs into /usr/bin/python3 only; a pyenv or venv python3 first on PATH will not see it.
    sys.exit(f"{error}: apt-get install python3-torch and run this with /usr/bin/python3.")

HERE = os.path.dirname(os.path.abspath(__file__))
DTYPE = torch.float64


# ---------------------------------------------------------------------------------------------------------- GPT-2

class Conv1D(nn.Module):
    """transformers.pytorch_utils.Conv1D: a linear layer whose weight is stored [in, out], the transpose of nn.Linear's."""

    def __init__(self, nf, nx):
        super().__init__()
        self.nf = nf
        self.weight = nn.Parameter(torch.empty(nx, nf, dtype=DTYPE))
        self.bias = nn.Parameter(torch.zeros(nf, dtype=DTYPE))

    def forward(self, x):
        size_out = x.size()[:-1] + (self.nf,)
        x = torch.addmm(self.bias, x.view(-1, x.size(-1)), self.weight)
        return x.view(size_out)


def gelu_new(x):
    """transformers.activations.NewGELUActivation: GELU's tanh approximation, as in Google BERT and OpenAI GPT."""
    return 0.5 * x * (1.0 + torch.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * torch.pow(x, 3.0))))


class GPT2Attention(nn.Module):
    def __init__(self, d_model, heads):
        super().__init__()
        self.embed_dim = d_model
        self.num_heads = heads
        self.head_dim = d_model // heads
        self.split_size = d_model
        self.c_attn = Conv1D(3 * d_model, d_model)
        self.c_proj = Conv1D(d_model, d_model)

    def _split_heads(self, tensor):
        new_shape = tensor.size()[:-1] + (self.num_heads, self.head_dim)
        return tensor.view(new_shape).permute(0, 2, 1, 3)  # (batch, head, seq_length, head_features)

    def _merge_heads(self, tensor):
        tensor = tensor.permute(0, 2, 1, 3).contiguous()
        return tensor.view(tensor.size()[:-2] + (self.num_heads * self.head_dim,))

    def _attn(self, query, key, value):
        attn_weights = torch.matmul(query, key.transpose(-1, -2))
        attn_weights = attn_weights / torch.full([], value.size(-1) ** 0.5, dtype=attn_weights.dtype)
        query_length, key_length = query.size(-2), key.size(-2)
        # The "attn.bias" buffer of GPT2Attention: a lower-triangular causal mask.
        causal_mask = torch.tril(torch.ones((key_length, key_length), dtype=torch.bool))[key_length - query_length:key_length, :key_length]
        mask_value = torch.full([], torch.finfo(attn_weights.dtype).min, dtype=attn_weights.dtype)
        attn_weights = torch.where(causal_mask, attn_weights, mask_value)
        attn_weights = nn.functional.softmax(attn_weights, dim=-1)
        return torch.matmul(attn_weights, value)

    def forward(self, hidden_states):
        query, key, value = self.c_attn(hidden_states).split(self.split_size, dim=2)
        query, key, value = self._split_heads(query), self._split_heads(key), self._split_heads(value)
        attn_output = self._merge_heads(self._attn(query, key, value))
        return self.c_proj(attn_output)


class GPT2MLP(nn.Module):
    def __init__(self, intermediate_size, d_model):
        super().__init__()
        self.c_fc = Conv1D(intermediate_size, d_model)
        self.c_proj = Conv1D(d_model, intermediate_size)

    def forward(self, hidden_states):
        return self.c_proj(gelu_new(self.c_fc(hidden_states)))


class GPT2Block(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.ln_1 = nn.LayerNorm(c["d_model"], eps=c["norm_eps"], dtype=DTYPE)
        self.attn = GPT2Attention(c["d_model"], c["heads"])
        self.ln_2 = nn.LayerNorm(c["d_model"], eps=c["norm_eps"], dtype=DTYPE)
        self.mlp = GPT2MLP(c["hidden"], c["d_model"])

    def forward(self, hidden_states):
        residual = hidden_states
        hidden_states = self.attn(self.ln_1(hidden_states))
        hidden_states = hidden_states + residual
        residual = hidden_states
        feed_forward_hidden_states = self.mlp(self.ln_2(hidden_states))
        return residual + feed_forward_hidden_states


# ---------------------------------------------------------------------------------------------------------- Llama

class LlamaRMSNorm(nn.Module):
    def __init__(self, hidden_size, eps):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(hidden_size, dtype=DTYPE))
        self.variance_epsilon = eps

    def forward(self, hidden_states):
        # HF upcasts to float32 here; these cases are float64 throughout.
        variance = hidden_states.pow(2).mean(-1, keepdim=True)
        hidden_states = hidden_states * torch.rsqrt(variance + self.variance_epsilon)
        return self.weight * hidden_states


class LlamaRotaryEmbedding(nn.Module):
    def __init__(self, dim, base):
        super().__init__()
        # HF builds inv_freq in float32; float64 here, so the reference is the exact rotation.
        self.inv_freq = 1.0 / (base ** (torch.arange(0, dim, 2, dtype=DTYPE) / dim))

    def forward(self, position_ids):
        # freqs[b, t, i] = position · theta^(−2i/dim); each angle serves dims i and i + dim/2.
        freqs = position_ids[:, :, None].to(DTYPE) * self.inv_freq[None, None, :]
        emb = torch.cat((freqs, freqs), dim=-1)
        return emb.cos(), emb.sin()


def rotate_half(x):
    """Rotates half the hidden dims of the input: dimension i pairs with i + dim/2."""
    x1 = x[..., : x.shape[-1] // 2]
    x2 = x[..., x.shape[-1] // 2:]
    return torch.cat((-x2, x1), dim=-1)


def apply_rotary_pos_emb(q, k, cos, sin, unsqueeze_dim=1):
    cos = cos.unsqueeze(unsqueeze_dim)
    sin = sin.unsqueeze(unsqueeze_dim)
    q_embed = (q * cos) + (rotate_half(q) * sin)
    k_embed = (k * cos) + (rotate_half(k) * sin)
    return q_embed, k_embed


def repeat_kv(hidden_states, n_rep):
    """(batch, num_key_value_heads, seqlen, head_dim) → (batch, num_attention_heads, seqlen, head_dim)."""
    batch, num_key_value_heads, slen, head_dim = hidden_states.shape
    if n_rep == 1:
        return hidden_states
    hidden_states = hidden_states[:, :, None, :, :].expand(batch, num_key_value_heads, n_rep, slen, head_dim)
    return hidden_states.reshape(batch, num_key_value_heads * n_rep, slen, head_dim)


class LlamaAttention(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.hidden_size = c["d_model"]
        self.num_heads = c["heads"]
        self.head_dim = self.hidden_size // self.num_heads
        self.num_key_value_heads = c["kv_heads"]
        self.num_key_value_groups = self.num_heads // self.num_key_value_heads
        qkv_bias = c["bias"] or c["qkv_bias"]  # Qwen2Attention: bias on q, k, v only; Llama's attention_bias: on all four
        self.q_proj = nn.Linear(self.hidden_size, self.num_heads * self.head_dim, bias=qkv_bias, dtype=DTYPE)
        self.k_proj = nn.Linear(self.hidden_size, self.num_key_value_heads * self.head_dim, bias=qkv_bias, dtype=DTYPE)
        self.v_proj = nn.Linear(self.hidden_size, self.num_key_value_heads * self.head_dim, bias=qkv_bias, dtype=DTYPE)
        self.o_proj = nn.Linear(self.num_heads * self.head_dim, self.hidden_size, bias=c["bias"], dtype=DTYPE)
        self.rotary_emb = LlamaRotaryEmbedding(self.head_dim, base=c["rotary_theta"])

    def forward(self, hidden_states, position_ids):
        bsz, q_len, _ = hidden_states.size()
        query_states = self.q_proj(hidden_states).view(bsz, q_len, self.num_heads, self.head_dim).transpose(1, 2)
        key_states = self.k_proj(hidden_states).view(bsz, q_len, self.num_key_value_heads, self.head_dim).transpose(1, 2)
        value_states = self.v_proj(hidden_states).view(bsz, q_len, self.num_key_value_heads, self.head_dim).transpose(1, 2)
        cos, sin = self.rotary_emb(position_ids)
        query_states, key_states = apply_rotary_pos_emb(query_states, key_states, cos, sin)
        key_states = repeat_kv(key_states, self.num_key_value_groups)
        value_states = repeat_kv(value_states, self.num_key_value_groups)
        attn_weights = torch.matmul(query_states, key_states.transpose(2, 3)) / math.sqrt(self.head_dim)
        # The causal mask _update_causal_mask builds: the dtype's minimum above the diagonal, 0 elsewhere.
        causal_mask = torch.triu(torch.full((q_len, q_len), torch.finfo(DTYPE).min, dtype=DTYPE), diagonal=1)
        attn_weights = attn_weights + causal_mask
        attn_weights = nn.functional.softmax(attn_weights, dim=-1)
        attn_output = torch.matmul(attn_weights, value_states)
        attn_output = attn_output.transpose(1, 2).contiguous().reshape(bsz, q_len, self.hidden_size)
        return self.o_proj(attn_output)


class LlamaMLP(nn.Module):
    def __init__(self, c):
        super().__init__()
        bias = c["bias"]  # Llama's mlp_bias
        self.gate_proj = nn.Linear(c["d_model"], c["hidden"], bias=bias, dtype=DTYPE)
        self.up_proj = nn.Linear(c["d_model"], c["hidden"], bias=bias, dtype=DTYPE)
        self.down_proj = nn.Linear(c["hidden"], c["d_model"], bias=bias, dtype=DTYPE)
        self.act_fn = nn.SiLU()

    def forward(self, x):
        return self.down_proj(self.act_fn(self.gate_proj(x)) * self.up_proj(x))


class LlamaDecoderLayer(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.self_attn = LlamaAttention(c)
        self.mlp = LlamaMLP(c)
        self.input_layernorm = LlamaRMSNorm(c["d_model"], eps=c["norm_eps"])
        self.post_attention_layernorm = LlamaRMSNorm(c["d_model"], eps=c["norm_eps"])

    def forward(self, hidden_states, position_ids):
        residual = hidden_states
        hidden_states = self.input_layernorm(hidden_states)
        hidden_states = self.self_attn(hidden_states, position_ids)
        hidden_states = residual + hidden_states
        residual = hidden_states
        hidden_states = self.post_attention_layernorm(hidden_states)
        hidden_states = self.mlp(hidden_states)
        return residual + hidden_states


# ---------------------------------------------------------------------------------------------------------- cases

GPT2 = dict(layout="gpt2", norm="LayerNorm", ffn="Mlp", activation="gelu_tanh", rotary_theta=0, kv_heads=None,
            bias=True, qkv_bias=False, prefix="transformer.h.0.")
LLAMA = dict(layout="llama", norm="RmsNorm", ffn="SwiGlu", activation="silu", bias=False, qkv_bias=False,
             prefix="model.layers.0.")

# Lengths are not multiples of 8; head dims 16, 32, 64 and 80; KvHeads = Heads, Heads/2 and 1; both epsilons and bases.
CASES = {
    "gpt2": dict(GPT2, d_model=128, heads=2, hidden=160, seq_len=13, batch=2, norm_eps=1e-5, prefill=5, seed=1),
    "llama_mha": dict(LLAMA, d_model=64, heads=4, kv_heads=4, hidden=128, seq_len=11, batch=2, norm_eps=1e-6,
                      rotary_theta=10000.0, prefill=5, seed=2),
    "llama_gqa": dict(LLAMA, d_model=96, heads=6, kv_heads=3, hidden=136, seq_len=9, batch=2, norm_eps=1e-5,
                      rotary_theta=10000.0, prefill=4, seed=3),
    "llama_mqa_hd64": dict(LLAMA, d_model=128, heads=2, kv_heads=1, hidden=96, seq_len=10, batch=1, norm_eps=1e-6,
                           rotary_theta=500000.0, prefill=5, seed=4),
    "qwen2_qkv_bias": dict(LLAMA, d_model=64, heads=4, kv_heads=2, hidden=96, seq_len=12, batch=2, norm_eps=1e-6,
                           rotary_theta=10000.0, qkv_bias=True, prefill=5, seed=5),
    "llama_hd80": dict(LLAMA, d_model=160, heads=2, kv_heads=1, hidden=48, seq_len=7, batch=1, norm_eps=1e-5,
                       rotary_theta=500000.0, prefill=3, seed=6),
    "llama_all_bias": dict(LLAMA, d_model=32, heads=2, kv_heads=1, hidden=48, seq_len=6, batch=2, norm_eps=1e-5,
                           rotary_theta=10000.0, bias=True, prefill=2, seed=7),
}


def as_stored(t):
    """The value a float32 file holds, back in float64: what every reader of the file computes from."""
    return t.to(torch.float32).to(DTYPE)


def uniform(generator, shape, low, high):
    return low + (high - low) * torch.rand(shape, generator=generator, dtype=DTYPE)


def initialise(module, generator):
    """nn.Linear's initialisation, U(±1/√fan_in), for weights and biases alike (biases are non-zero so that every bias
    path matters); norm weights U(0.5, 1.5) and LayerNorm biases U(−0.1, 0.1) instead of PyTorch's ones and zeros, so
    that a kernel that skips the scale or the shift fails. Every value is rounded to float32, as stored."""
    with torch.no_grad():
        for name, parameter in module.named_parameters():
            owner = module.get_submodule(name.rsplit(".", 1)[0])
            if isinstance(owner, (nn.LayerNorm, LlamaRMSNorm)):
                value = uniform(generator, parameter.shape, 0.5, 1.5) if name.endswith("weight") \
                    else uniform(generator, parameter.shape, -0.1, 0.1)
            else:
                fan_in = owner.weight.shape[0] if isinstance(owner, Conv1D) else owner.weight.shape[1]
                bound = 1 / math.sqrt(fan_in)
                value = uniform(generator, parameter.shape, -bound, bound)
            parameter.copy_(as_stored(value))


def build(c):
    generator = torch.Generator().manual_seed(c["seed"])
    layer = GPT2Block(c) if c["layout"] == "gpt2" else LlamaDecoderLayer(c)
    layer.eval()
    initialise(layer, generator)
    x = as_stored(torch.randn((c["batch"], c["seq_len"], c["d_model"]), generator=generator, dtype=DTYPE))
    with torch.no_grad():
        if c["layout"] == "gpt2":
            y = layer(x)
        else:
            positions = torch.arange(c["seq_len"]).unsqueeze(0).expand(c["batch"], -1)
            y = layer(x, positions)
    tensors = {c["prefix"] + name: p.detach() for name, p in layer.named_parameters()}
    tensors["input.x"] = x
    tensors["expected.y"] = y
    return tensors


def metadata(c):
    text = lambda v: ("true" if v else "false") if isinstance(v, bool) else repr(v) if isinstance(v, float) else str(v)
    keys = ["layout", "prefix", "d_model", "heads", "kv_heads", "hidden", "seq_len", "batch", "norm", "ffn", "activation",
            "rotary_theta", "bias", "qkv_bias", "norm_eps", "prefill"]
    values = dict(c, kv_heads=c["kv_heads"] or c["heads"])
    return {"kind": "causal_decoder_layer", **{k: text(values[k]) for k in keys}}


def write_safetensors(path, tensors, meta):
    header = {"__metadata__": meta}
    blobs, offset = [], 0
    for name, t in tensors.items():
        data = t.to(torch.float32).contiguous().numpy().astype("<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    encoded = json.dumps(header, separators=(",", ":")).encode("utf-8")
    encoded += b" " * (-len(encoded) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(encoded)))
        f.write(encoded)
        for blob in blobs:
            f.write(blob)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default=HERE, help="where to write the files (default: beside this script)")
    out = parser.parse_args().out
    torch.set_num_threads(1)  # reproducible reduction order
    index = {}
    for name, c in CASES.items():
        meta = metadata(c)
        write_safetensors(os.path.join(out, name + ".safetensors"), build(c), meta)
        index[name] = meta
    with open(os.path.join(out, "index.json"), "w") as f:
        json.dump(index, f, indent=1, sort_keys=True)
        f.write("\n")
    print(f"wrote {len(CASES)} cases to {out}")


if __name__ == "__main__":
    main()
