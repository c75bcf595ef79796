#!/usr/bin/python3
"""Trains the TextGeneration sample's model: a byte-level Llama-style decoder (see llama_byte.py) on the
King James Bible as shipped by Debian's bible-kjv-text, on the CPU, one thread, deterministic; writes
../model.safetensors (F16, Hugging Face Llama names, hyper-parameters in the metadata) and then runs
reference_generate.py on it.

    apt-get install python3-torch bible-kjv bible-kjv-text libopenblas0-pthread
    /usr/bin/python3 samples/TextGeneration/train/train.py

Options: --steps N (default 1100), --out PATH, --no-generate. See README.md beside this file.
"""

import argparse
import hashlib
import math
import os
import subprocess
import sys
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # one thread in the BLAS too (set before torch loads it)
os.environ.setdefault("OMP_NUM_THREADS", "1")

import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from llama_byte import (Config, LlamaForCausalLM, init_weights, load_kjv_text, save_safetensors,  # noqa: E402
                        TEXT_PACKAGE)

SEED = 1611
VAL_FRACTION = 0.03
BATCH = 8
PEAK_LR = 2e-3
MIN_LR = 1e-4
WARMUP = 40
WEIGHT_DECAY = 0.1
GRAD_CLIP = 1.0
LICENCE = ("public domain: 'The copyright for the King James Version text of the Bible is expired since the "
           "translation was done in 1611 under King James the first of Great Britain.' "
           "(/usr/share/doc/bible-kjv-text/copyright)")


def package_version(pkg):
    try:
        return subprocess.run(["dpkg-query", "-W", "-f=${Version}", pkg], check=True,
                              capture_output=True).stdout.decode().strip()
    except Exception:  # noqa: BLE001 - not a Debian system: the version is only recorded, not needed
        return "unknown"


def lr_at(step, steps):
    if step < WARMUP:
        return PEAK_LR * (step + 1) / WARMUP
    p = (step - WARMUP) / max(1, steps - WARMUP)
    return MIN_LR + 0.5 * (PEAK_LR - MIN_LR) * (1.0 + math.cos(math.pi * p))


def windows(data, starts, t):
    idx = starts[:, None] + torch.arange(t + 1)[None, :]
    return data[idx]


@torch.no_grad()
def mean_loss(model, data, starts, t, batch=16):
    total, count = 0.0, 0
    for i in range(0, len(starts), batch):
        x = windows(data, starts[i:i + batch], t)
        logits = model(x[:, :-1])
        loss = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), x[:, 1:].reshape(-1), reduction="sum")
        total += loss.item()
        count += x[:, 1:].numel()
    return total / count


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--steps", type=int, default=1100)
    ap.add_argument("--out", default=os.path.join(HERE, "..", "model.safetensors"))
    ap.add_argument("--no-generate", action="store_true")
    args = ap.parse_args()

    torch.set_num_threads(1)
    torch.manual_seed(SEED)
    cfg = Config(d_model=256, heads=4, kv_heads=2, hidden=704, layers=4, max_seq_len=256,
                 norm_eps=1e-5, rope_theta=10000.0)
    t = cfg.max_seq_len

    text = load_kjv_text()
    sha = hashlib.sha256(text).hexdigest()
    data = torch.tensor(list(text), dtype=torch.long)
    n_val = int(len(data) * VAL_FRACTION)
    train, val = data[:-n_val], data[-n_val:]
    print(f"text: {len(text)} bytes (sha256 {sha}), {len(set(text))} distinct; "
          f"train {len(train)}, validation {len(val)} (the last {VAL_FRACTION:.0%})", flush=True)

    model = LlamaForCausalLM(cfg)
    init_weights(model, cfg, SEED)
    model.set_fast(True)
    print(f"model: {model.num_parameters()} parameters (LM head tied to the embedding)", flush=True)

    decay = [p for p in model.parameters() if p.dim() >= 2]
    no_decay = [p for p in model.parameters() if p.dim() < 2]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": WEIGHT_DECAY},
                             {"params": no_decay, "weight_decay": 0.0}], lr=PEAK_LR, betas=(0.9, 0.95), eps=1e-8)

    g = torch.Generator().manual_seed(SEED)
    val_starts_quick = torch.linspace(0, len(val) - t - 2, 32).long()
    val_starts_all = torch.arange(0, len(val) - t - 1, t)
    train_starts_eval = torch.randint(0, len(train) - t - 1, (128,), generator=torch.Generator().manual_seed(7))

    t0 = time.time()
    running = []
    for step in range(args.steps):
        lr = lr_at(step, args.steps)
        for group in opt.param_groups:
            group["lr"] = lr
        starts = torch.randint(0, len(train) - t - 1, (BATCH,), generator=g)
        x = windows(train, starts, t)
        logits = model(x[:, :-1])
        loss = F.cross_entropy(logits.reshape(-1, cfg.vocab), x[:, 1:].reshape(-1))
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), GRAD_CLIP)
        opt.step()
        running.append(loss.item())
        if (step + 1) % 25 == 0 or step == 0:
            el = time.time() - t0
            msg = (f"step {step + 1:5d}/{args.steps}  loss {sum(running[-25:]) / len(running[-25:]):.4f}  "
                   f"lr {lr:.2e}  {el / 60:.1f} min  {(step + 1) * BATCH * t / el:.0f} tok/s")
            if (step + 1) % 200 == 0:
                model.eval()
                msg += f"  val {mean_loss(model, val, val_starts_quick, t):.4f}"
                model.train()
            print(msg, flush=True)
    train_time = time.time() - t0

    model.eval()
    model.set_fast(False)
    # Final losses with the weights rounded to F16 as shipped (nats per byte).
    with torch.no_grad():
        for p in model.parameters():
            p.copy_(p.half().float())
    train_loss = mean_loss(model, train, train_starts_eval, t)
    val_loss = mean_loss(model, val, val_starts_all, t)
    print(f"trained {args.steps} steps ({args.steps * BATCH * t} tokens) in {train_time / 60:.1f} min; "
          f"F16 weights: train loss {train_loss:.4f}, validation loss {val_loss:.4f} nats/byte "
          f"({val_loss / math.log(2):.3f} bits/byte)", flush=True)

    sd = model.state_dict()
    names = ["model.embed_tokens.weight"]
    for i in range(cfg.layers):
        pre = f"model.layers.{i}."
        names += [pre + "input_layernorm.weight"]
        names += [pre + f"self_attn.{p}_proj.weight" for p in ("q", "k", "v", "o")]
        names += [pre + "post_attention_layernorm.weight"]
        names += [pre + f"mlp.{p}_proj.weight" for p in ("gate", "up", "down")]
    names += ["model.norm.weight"]
    assert sorted(names) == sorted(sd.keys()), sorted(set(names) ^ set(sd.keys()))
    tensors = {n: sd[n].to(torch.float16) for n in names}
    meta = {
        "format": "pt", "architecture": "LlamaForCausalLM (byte-level)",
        "vocab": cfg.vocab, "tokenizer": "bytes: token id = byte value, no special tokens",
        "d_model": cfg.d_model, "heads": cfg.heads, "kv_heads": cfg.kv_heads, "head_dim": cfg.head_dim,
        "hidden": cfg.hidden, "layers": cfg.layers, "max_seq_len": cfg.max_seq_len,
        "norm": "RmsNorm", "norm_eps": cfg.norm_eps, "ffn": "SwiGlu", "bias": "false",
        "rope_theta": cfg.rope_theta, "rope_convention": "rotate_half (HF): dim i pairs with i + head_dim/2",
        "tied": "true", "tied_note": "LM head = model.embed_tokens.weight (no lm_head.weight stored)",
        "parameters": model.num_parameters(),
        "text": "King James Version of the Bible (1611), one verse per line, verse numbers and headings removed",
        "text_package": TEXT_PACKAGE, "text_package_version": package_version(TEXT_PACKAGE),
        "text_reader": f"bible-kjv {package_version('bible-kjv')}: /usr/bin/bible -l0 Gen1:1-Rev22:21",
        "text_path": "/usr/lib/bible.data", "text_licence": LICENCE,
        "text_bytes": len(text), "text_sha256": sha, "validation": f"last {VAL_FRACTION:.0%} of the bytes",
        "seed": SEED, "steps": args.steps, "batch": f"{BATCH} x {t}", "tokens_seen": args.steps * BATCH * t,
        "optimizer": f"AdamW betas (0.9, 0.95) wd {WEIGHT_DECAY}, lr {PEAK_LR} warmup {WARMUP} cosine to {MIN_LR}, clip {GRAD_CLIP}",
        "train_loss": f"{train_loss:.4f}", "val_loss": f"{val_loss:.4f}", "loss_unit": "nats per byte, F16 weights",
        "train_minutes": f"{train_time / 60:.1f}", "torch": torch.__version__,
    }
    out = os.path.abspath(args.out)
    save_safetensors(out, tensors, meta)
    print(f"wrote {out} ({os.path.getsize(out)} bytes)", flush=True)

    if not args.no_generate:
        subprocess.run([sys.executable, os.path.join(HERE, "reference_generate.py"), "--model", out], check=True)


if __name__ == "__main__":
    main()
