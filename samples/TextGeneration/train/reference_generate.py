#!/usr/bin/python3
"""Reference generations of the TextGeneration sample's model, for checking the C# sample against.

Loads ../model.safetensors (F16), widens the weights to float64 (and float32) and generates by full causal
recomputation with the HF-literal modules of llama_byte.py:

* greedy: the arg-max byte at each step (ties: the smaller byte), 200 bytes after the prompt, in float64 and in
  float32; the smallest top-1/top-2 logit gap along the path says how robust the greedy text is to rounding;
* top-k sampling, k = 40, temperature 0.8, with a small documented generator (SplitMix64) so that another
  implementation can draw the same numbers: see README.md, "Sampling".

Writes reference_output.txt beside this file (or --output) and prints it.
"""

import argparse
import os
import sys

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import torch  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from llama_byte import LlamaForCausalLM, config_from_metadata, load_safetensors  # noqa: E402

PROMPT = "In the beginning God created"
NEW_BYTES = 200
TOP_K = 40
TEMPERATURE = 0.8
SAMPLE_SEED = 42
MASK64 = (1 << 64) - 1


class SplitMix64:
    def __init__(self, seed):
        self.state = seed & MASK64

    def next_u64(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & MASK64
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK64
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK64
        return z ^ (z >> 31)

    def next_double(self):
        """Uniform in [0, 1): the top 53 bits."""
        return (self.next_u64() >> 11) * (1.0 / (1 << 53))


def load_model(path, dtype):
    tensors, meta = load_safetensors(path)
    cfg = config_from_metadata(meta)
    model = LlamaForCausalLM(cfg)
    model.load_state_dict({k: v.to(dtype) for k, v in tensors.items()}, strict=True)
    model.to(dtype).eval()
    return model, meta


@torch.no_grad()
def last_logits(model, ids):
    return model(torch.tensor([ids], dtype=torch.long))[0, -1].to(torch.float64)


def greedy(model, prompt_ids, n):
    ids = list(prompt_ids)
    gaps = []
    for _ in range(n):
        logits = last_logits(model, ids)
        order = sorted(range(len(logits)), key=lambda i: (-logits[i].item(), i))
        gaps.append(logits[order[0]].item() - logits[order[1]].item())
        ids.append(order[0])
    return ids[len(prompt_ids):], gaps


def sample_top_k(model, prompt_ids, n, k, temperature, seed):
    rng = SplitMix64(seed)
    ids = list(prompt_ids)
    for _ in range(n):
        logits = last_logits(model, ids).tolist()
        cand = sorted(range(len(logits)), key=lambda i: (-logits[i], i))[:k]
        top = logits[cand[0]]
        w = [torch.tensor((logits[i] - top) / temperature, dtype=torch.float64).exp().item() for i in cand]
        r = rng.next_double() * sum(w)
        acc, pick = 0.0, cand[-1]
        for i, wi in zip(cand, w):
            acc += wi
            if acc > r:
                pick = i
                break
        ids.append(pick)
    return ids[len(prompt_ids):]


def text_of(ids):
    return bytes(ids).decode("utf-8", errors="replace")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", default=os.path.join(HERE, "..", "model.safetensors"))
    ap.add_argument("--output", default=os.path.join(HERE, "reference_output.txt"))
    args = ap.parse_args()
    torch.set_num_threads(1)

    prompt_ids = list(PROMPT.encode("utf-8"))
    m64, meta = load_model(args.model, torch.float64)
    m32, _ = load_model(args.model, torch.float32)

    first = last_logits(m64, prompt_ids)
    top5 = sorted(range(len(first)), key=lambda i: (-first[i].item(), i))[:5]
    g64, gaps = greedy(m64, prompt_ids, NEW_BYTES)
    g32, _ = greedy(m32, prompt_ids, NEW_BYTES)
    agree = next((i for i, (a, b) in enumerate(zip(g64, g32)) if a != b), len(g64))
    sampled = sample_top_k(m64, prompt_ids, NEW_BYTES, TOP_K, TEMPERATURE, SAMPLE_SEED)

    lines = [
        "Reference generations of samples/TextGeneration/model.safetensors",
        f"(produced by train/reference_generate.py; model: {meta.get('parameters')} parameters, "
        f"{meta.get('steps')} steps, train loss {meta.get('train_loss')}, val loss {meta.get('val_loss')} nats/byte)",
        "",
        f"prompt ({len(prompt_ids)} bytes): {PROMPT!r}",
        "",
        "first generated position, float64 logits, top 5 (byte, char, logit):",
    ]
    lines += [f"  {i:3d}  {chr(i)!r:6}  {first[i].item():.6f}" for i in top5]
    lines += [
        "",
        f"greedy, {NEW_BYTES} bytes, float64 (ties -> smaller byte):",
        "-----",
        PROMPT + text_of(g64),
        "-----",
        f"greedy bytes (decimal): {' '.join(str(i) for i in g64)}",
        f"greedy float32 agrees with float64 for {agree} of {NEW_BYTES} bytes",
        f"smallest top-1/top-2 logit gap along the float64 greedy path: {min(gaps):.6f} "
        f"(at generated byte {gaps.index(min(gaps))})",
        "",
        f"top-k sampling, k = {TOP_K}, temperature {TEMPERATURE}, SplitMix64 seed {SAMPLE_SEED}, float64, {NEW_BYTES} bytes:",
        "-----",
        PROMPT + text_of(sampled),
        "-----",
        f"sampled bytes (decimal): {' '.join(str(i) for i in sampled)}",
        "",
    ]
    out = "\n".join(lines)
    print(out)
    with open(args.output, "w", encoding="utf-8") as f:
        f.write(out)


if __name__ == "__main__":
    main()
