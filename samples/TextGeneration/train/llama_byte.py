"""A byte-level Llama-style decoder-only language model in plain PyTorch (1.13).

The modules mirror Hugging Face transformers' ``LlamaForCausalLM`` layer math
line by line (``modeling_llama.py``), under the same parameter names, so that
``state_dict()`` keys are HF's checkpoint names:

* ``model.embed_tokens.weight``                     [vocab, D]
* ``model.layers.{i}.input_layernorm.weight``       [D]
* ``model.layers.{i}.self_attn.q_proj.weight``      [Heads * HeadDim, D]   ([out, in])
* ``model.layers.{i}.self_attn.k_proj.weight``      [KvHeads * HeadDim, D]
* ``model.layers.{i}.self_attn.v_proj.weight``      [KvHeads * HeadDim, D]
* ``model.layers.{i}.self_attn.o_proj.weight``      [D, Heads * HeadDim]
* ``model.layers.{i}.post_attention_layernorm.weight`` [D]
* ``model.layers.{i}.mlp.gate_proj.weight``         [Hidden, D]
* ``model.layers.{i}.mlp.up_proj.weight``           [Hidden, D]
* ``model.layers.{i}.mlp.down_proj.weight``         [D, Hidden]
* ``model.norm.weight``                             [D]

The LM head is tied to the embedding (``tie_word_embeddings = True``): logits =
``norm(h) @ model.embed_tokens.weight.T``; no ``lm_head.weight`` is stored.

Math (no biases anywhere):
* RMSNorm: ``x * rsqrt(mean(x^2, last dim) + eps) * weight`` (computed in the input's dtype here;
  HF upcasts to float32, which is the same for float32/float64 inputs).
* Rotary, HF ``rotate_half`` convention: dimension i of a head pairs with i + HeadDim/2;
  ``inv_freq[i] = theta ** (-2i / HeadDim)`` for i < HeadDim/2; angle = absolute position * inv_freq;
  ``q' = q * cos + rotate_half(q) * sin`` with ``rotate_half(x) = cat(-x[..., h/2:], x[..., :h/2])``
  and cos/sin of the angle duplicated over both halves (``cat(freqs, freqs)``).
  This is NOT the interleaved-pairs convention (2i, 2i+1) of Meta's original code and GGUF.
* Attention: grouped-query (each group of Heads/KvHeads query heads shares one key/value head,
  ``repeat_kv``), scores ``q k^T / sqrt(HeadDim)``, causal mask, softmax, ``o_proj``.
* MLP (SwiGLU): ``down_proj(silu(gate_proj(x)) * up_proj(x))``.
* Decoder layer (pre-norm): ``x = x + attn(input_layernorm(x)); x = x + mlp(post_attention_layernorm(x))``.
"""

import json
import math
import struct
import subprocess

import torch
import torch.nn as nn
import torch.nn.functional as F

VOCAB = 256

# The text: King James Version of the Bible, Debian package bible-kjv-text (read by /usr/bin/bible from bible-kjv).
BIBLE_PROGRAM = "/usr/bin/bible"
BIBLE_DATA = "/usr/lib/bible.data"
TEXT_PACKAGE = "bible-kjv-text"


class Config:
    def __init__(self, d_model=256, heads=4, kv_heads=2, hidden=704, layers=4, max_seq_len=256,
                 norm_eps=1e-5, rope_theta=10000.0, vocab=VOCAB):
        self.d_model = d_model
        self.heads = heads
        self.kv_heads = kv_heads
        self.hidden = hidden
        self.layers = layers
        self.max_seq_len = max_seq_len
        self.norm_eps = norm_eps
        self.rope_theta = rope_theta
        self.vocab = vocab
        assert d_model % heads == 0 and heads % kv_heads == 0
        self.head_dim = d_model // heads
        assert self.head_dim % 2 == 0


class LlamaRMSNorm(nn.Module):
    def __init__(self, hidden_size, eps):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(hidden_size))
        self.variance_epsilon = eps

    def forward(self, hidden_states):
        variance = hidden_states.pow(2).mean(-1, keepdim=True)
        hidden_states = hidden_states * torch.rsqrt(variance + self.variance_epsilon)
        return self.weight.to(hidden_states.dtype) * hidden_states


def rotary_cos_sin(cfg, positions, dtype):
    """cos, sin of shape [len(positions), HeadDim]: HF's ``emb = cat(freqs, freqs)``.

    The angle is computed in float64 and rounded to ``dtype`` (HF computes it in float32)."""
    h = cfg.head_dim
    inv_freq = 1.0 / (cfg.rope_theta ** (torch.arange(0, h, 2, dtype=torch.float64) / h))
    freqs = positions.to(torch.float64)[:, None] * inv_freq[None, :]
    emb = torch.cat((freqs, freqs), dim=-1)
    return emb.cos().to(dtype), emb.sin().to(dtype)


def rotate_half(x):
    x1 = x[..., : x.shape[-1] // 2]
    x2 = x[..., x.shape[-1] // 2:]
    return torch.cat((-x2, x1), dim=-1)


def apply_rotary_pos_emb(q, k, cos, sin):
    # q: [B, Heads, T, HeadDim], k: [B, KvHeads, T, HeadDim], cos/sin: [T, HeadDim]
    cos = cos[None, None, :, :]
    sin = sin[None, None, :, :]
    q_embed = (q * cos) + (rotate_half(q) * sin)
    k_embed = (k * cos) + (rotate_half(k) * sin)
    return q_embed, k_embed


def repeat_kv(hidden_states, n_rep):
    """[B, KvHeads, T, HeadDim] -> [B, KvHeads * n_rep, T, HeadDim]; head j uses kv head j // n_rep."""
    batch, num_key_value_heads, slen, head_dim = hidden_states.shape
    if n_rep == 1:
        return hidden_states
    hidden_states = hidden_states[:, :, None, :, :].expand(batch, num_key_value_heads, n_rep, slen, head_dim)
    return hidden_states.reshape(batch, num_key_value_heads * n_rep, slen, head_dim)


class LlamaAttention(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.cfg = cfg
        self.num_heads = cfg.heads
        self.num_key_value_heads = cfg.kv_heads
        self.num_key_value_groups = cfg.heads // cfg.kv_heads
        self.head_dim = cfg.head_dim
        self.q_proj = nn.Linear(cfg.d_model, cfg.heads * cfg.head_dim, bias=False)
        self.k_proj = nn.Linear(cfg.d_model, cfg.kv_heads * cfg.head_dim, bias=False)
        self.v_proj = nn.Linear(cfg.d_model, cfg.kv_heads * cfg.head_dim, bias=False)
        self.o_proj = nn.Linear(cfg.heads * cfg.head_dim, cfg.d_model, bias=False)
        self.fast = False

    def forward(self, hidden_states, cos, sin, causal_mask):
        if self.fast:
            return self._forward_fast(hidden_states, cos, sin, causal_mask)
        bsz, q_len, _ = hidden_states.shape
        q = self.q_proj(hidden_states).view(bsz, q_len, self.num_heads, self.head_dim).transpose(1, 2)
        k = self.k_proj(hidden_states).view(bsz, q_len, self.num_key_value_heads, self.head_dim).transpose(1, 2)
        v = self.v_proj(hidden_states).view(bsz, q_len, self.num_key_value_heads, self.head_dim).transpose(1, 2)
        q, k = apply_rotary_pos_emb(q, k, cos, sin)
        k = repeat_kv(k, self.num_key_value_groups)
        v = repeat_kv(v, self.num_key_value_groups)
        attn_weights = torch.matmul(q, k.transpose(2, 3)) / math.sqrt(self.head_dim)
        attn_weights = attn_weights.masked_fill(causal_mask, float("-inf"))
        attn_weights = F.softmax(attn_weights, dim=-1)
        attn_output = torch.matmul(attn_weights, v)
        attn_output = attn_output.transpose(1, 2).reshape(bsz, q_len, self.num_heads * self.head_dim)
        return self.o_proj(attn_output)

    def _forward_fast(self, hidden_states, cos, sin, causal_mask):
        """The same function for training, with fewer copies: q is scaled before the product (exact when
        HeadDim is a power of 4, as 64 is: 1/sqrt(64) = 2^-3), the mask is added as -inf, and the
        Heads/KvHeads query heads of one group are stacked along the rows instead of repeating k and v
        (query head j still uses key/value head j // (Heads/KvHeads))."""
        bsz, q_len, _ = hidden_states.shape
        g = self.num_key_value_groups
        q = self.q_proj(hidden_states).view(bsz, q_len, self.num_heads, self.head_dim).transpose(1, 2)
        k = self.k_proj(hidden_states).view(bsz, q_len, self.num_key_value_heads, self.head_dim).transpose(1, 2)
        v = self.v_proj(hidden_states).view(bsz, q_len, self.num_key_value_heads, self.head_dim).transpose(1, 2)
        q, k = apply_rotary_pos_emb(q, k, cos, sin)
        q = (q * (1.0 / math.sqrt(self.head_dim))).reshape(bsz, self.num_key_value_heads, g * q_len, self.head_dim)
        scores = torch.matmul(q, k.transpose(2, 3)).view(bsz, self.num_key_value_heads, g, q_len, q_len)
        mask = torch.zeros(q_len, q_len, dtype=scores.dtype).masked_fill(causal_mask, float("-inf"))
        probs = F.softmax(scores + mask, dim=-1).view(bsz, self.num_key_value_heads, g * q_len, q_len)
        attn_output = torch.matmul(probs, v).view(bsz, self.num_heads, q_len, self.head_dim)
        attn_output = attn_output.transpose(1, 2).reshape(bsz, q_len, self.num_heads * self.head_dim)
        return self.o_proj(attn_output)


class LlamaMLP(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.gate_proj = nn.Linear(cfg.d_model, cfg.hidden, bias=False)
        self.up_proj = nn.Linear(cfg.d_model, cfg.hidden, bias=False)
        self.down_proj = nn.Linear(cfg.hidden, cfg.d_model, bias=False)

    def forward(self, x):
        return self.down_proj(F.silu(self.gate_proj(x)) * self.up_proj(x))


class LlamaDecoderLayer(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.self_attn = LlamaAttention(cfg)
        self.mlp = LlamaMLP(cfg)
        self.input_layernorm = LlamaRMSNorm(cfg.d_model, eps=cfg.norm_eps)
        self.post_attention_layernorm = LlamaRMSNorm(cfg.d_model, eps=cfg.norm_eps)

    def forward(self, hidden_states, cos, sin, causal_mask):
        residual = hidden_states
        hidden_states = self.input_layernorm(hidden_states)
        hidden_states = self.self_attn(hidden_states, cos, sin, causal_mask)
        hidden_states = residual + hidden_states
        residual = hidden_states
        hidden_states = self.post_attention_layernorm(hidden_states)
        hidden_states = self.mlp(hidden_states)
        return residual + hidden_states


class LlamaModel(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.embed_tokens = nn.Embedding(cfg.vocab, cfg.d_model)
        self.layers = nn.ModuleList([LlamaDecoderLayer(cfg) for _ in range(cfg.layers)])
        self.norm = LlamaRMSNorm(cfg.d_model, eps=cfg.norm_eps)


class LlamaForCausalLM(nn.Module):
    """Decoder-only LM; the LM head is tied to ``model.embed_tokens.weight``."""

    def __init__(self, cfg):
        super().__init__()
        self.cfg = cfg
        self.model = LlamaModel(cfg)

    def forward(self, input_ids, start_pos=0):
        """Logits [B, T, vocab] for tokens at absolute positions start_pos .. start_pos + T - 1
        (full causal recomputation; start_pos only shifts the rotary angle)."""
        cfg = self.cfg
        t = input_ids.shape[1]
        h = self.model.embed_tokens(input_ids)
        positions = torch.arange(start_pos, start_pos + t)
        cos, sin = rotary_cos_sin(cfg, positions, h.dtype)
        causal_mask = torch.ones(t, t, dtype=torch.bool).triu(1)
        for layer in self.model.layers:
            h = layer(h, cos, sin, causal_mask)
        h = self.model.norm(h)
        return F.linear(h, self.model.embed_tokens.weight)

    def set_fast(self, fast):
        for layer in self.model.layers:
            layer.self_attn.fast = fast

    def num_parameters(self):
        return sum(p.numel() for p in self.parameters())


def init_weights(model, cfg, seed):
    """GPT-2/Llama-style init: N(0, 0.02); residual output projections scaled by 1/sqrt(2 * layers); norms 1."""
    g = torch.Generator().manual_seed(seed)
    std = 0.02
    for name, p in model.named_parameters():
        if p.dim() == 1:
            nn.init.ones_(p)
        else:
            s = std / math.sqrt(2 * cfg.layers) if name.endswith(("o_proj.weight", "down_proj.weight")) else std
            with torch.no_grad():
                p.copy_(torch.randn(p.shape, generator=g) * s)


# ---------------------------------------------------------------- the text

def load_kjv_text():
    """The whole KJV (Genesis 1:1 to Revelation 22:21) as ASCII bytes: one verse per line, verse numbers and
    chapter headings removed. Read with the ``bible`` program (package bible-kjv) from the compressed data
    file /usr/lib/bible.data shipped by bible-kjv-text; nothing of the text is stored in the repository."""
    out = subprocess.run([BIBLE_PROGRAM, "-l0", "Gen1:1-Rev22:21"], check=True, capture_output=True).stdout
    verses = []
    for line in out.decode("ascii").split("\n"):
        s = line.strip()
        if not s or not line.startswith(" "):
            continue  # blank lines and chapter headings ("Genesis 1") start at column 0
        num, _, verse = s.partition(" ")
        assert num.isdigit(), line
        verses.append(verse.strip())
    text = "\n".join(verses) + "\n"
    return text.encode("ascii")


# ---------------------------------------------------------------- safetensors (written/read by hand)

_DTYPES = {torch.float16: "F16", torch.float32: "F32", torch.float64: "F64", torch.bfloat16: "BF16"}
_TORCH = {v: k for k, v in _DTYPES.items()}


def save_safetensors(path, tensors, metadata):
    """tensors: ordered dict name -> tensor (any float dtype, written as is); metadata: dict str -> str.
    Layout: u64 little-endian header length, JSON header, then the raw little-endian tensor bytes."""
    header = {"__metadata__": {str(k): str(v) for k, v in metadata.items()}}
    blobs = []
    offset = 0
    for name, t in tensors.items():
        t = t.detach().contiguous().cpu()
        data = t.numpy().tobytes()
        header[name] = {"dtype": _DTYPES[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    hjson = json.dumps(header, separators=(",", ":")).encode("utf-8")
    hjson += b" " * ((8 - len(hjson) % 8) % 8)  # pad so the data starts 8-byte aligned (spaces are allowed)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(hjson)))
        f.write(hjson)
        for b in blobs:
            f.write(b)


def load_safetensors(path):
    """Returns (dict name -> tensor in the stored dtype, metadata dict)."""
    import numpy as np
    with open(path, "rb") as f:
        raw = f.read()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + n].decode("utf-8"))
    meta = header.pop("__metadata__", {})
    base = 8 + n
    np_types = {"F16": np.float16, "F32": np.float32, "F64": np.float64}
    tensors = {}
    for name, info in header.items():
        a, b = info["data_offsets"]
        arr = np.frombuffer(raw[base + a: base + b], dtype=np_types[info["dtype"]]).reshape(info["shape"])
        tensors[name] = torch.from_numpy(arr.copy())
    return tensors, meta


def config_from_metadata(meta):
    return Config(d_model=int(meta["d_model"]), heads=int(meta["heads"]), kv_heads=int(meta["kv_heads"]),
                  hidden=int(meta["hidden"]), layers=int(meta["layers"]), max_seq_len=int(meta["max_seq_len"]),
                  norm_eps=float(meta["norm_eps"]), rope_theta=float(meta["rope_theta"]), vocab=int(meta["vocab"]))
