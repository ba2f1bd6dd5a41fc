#!/usr/bin/python3
"""PyTorch side of `bin/seqlab bench gpt --vs-pytorch`: nanoGPT's CPU configuration for char-level
tiny Shakespeare, with the minimal GPT of gpt_model.py.

Model: 4 layers, 4 heads, width 128, context 64, pre-LN blocks, GELU MLP 4x, learned positional
embedding, LM head tied to the token embedding (as nanoGPT), no dropout; biases in Linear and LayerNorm
by default (PyTorch's default, like seqlab's `transformer` layer; nanoGPT's train.py uses bias=False:
pass --no-bias for that). Training as nanoGPT's config/train_shakespeare_char.py with the CPU overrides of
its README, but a constant learning rate (no warm-up or decay): batch 12 random windows of 64 from the
first 90% of the text, AdamW lr 1e-3, betas (0.9, 0.99), weight decay 0.1 on 2-D weights (matrices and
embeddings) and 0 on biases and LayerNorm, gradient clipping by global norm 1.0. Vocabulary: the sorted
distinct characters of the whole text.

Sizes: --layers, --heads, --width, --context, --batch change the blocks, heads, width, context and batch;
`seqlab bench gpt --vs-pytorch` passes its own sizes, so both sides train the same shapes.

Output: progress on stderr; last on stdout one JSON line in the shape of bench_rnn.py
  {"model": "gpt", "layers", "heads", "width", "context", "batch", "vocab", "params", "steps", "tokens_per_s",
   "ms_per_step", "train_loss", "val_loss", "threads", "wall_s", "peak_rss_mb"}
(peak_rss_mb: the process's peak resident set, VmHWM; see peak_rss_mb())
tokens_per_s = batch*context*(timed steps) / their time (the first --warmup steps, default 5, are warm-up:
`seqlab bench gpt` passes its own count; validation is not timed); whole_run_tokens_per_s counts every step; extras tokens_per_cpu_s (the same over the process's CPU time) and best_tokens_per_s (the
fastest 10 consecutive steps), see bench_rnn.py; train_loss = mean of the last 10 steps; val_loss = mean
cross-entropy (nats/char) over the whole validation split cut into non-overlapping windows of the
context length (every window predicts each of its positions from the ones before it, as nanoGPT's
random validation windows do on average).
"""
import argparse
import json
import os
import resource

from peak_memory import peak_rss_mb
import sys
import time

import blas_threads  # noqa: F401  (before torch: --threads must reach OpenBLAS too)
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gpt_model import GPT  # noqa: E402

N_LAYER, N_HEAD, N_EMBD, BLOCK, BATCH = 4, 4, 128, 64, 12   # defaults of --layers --heads --width --context --batch
LR, BETAS, WEIGHT_DECAY, CLIP, WARMUP = 1e-3, (0.9, 0.99), 0.1, 1.0, 5




def evaluate(model, val, block, batch=64):
    model.eval()
    n = (len(val) - 1) // block
    x_all = val[:n * block].view(n, block)
    y_all = val[1:n * block + 1].view(n, block)
    total = 0.0
    with torch.no_grad():
        for i in range(0, n, batch):
            logits, _ = model(x_all[i:i + batch])
            total += torch.nn.functional.cross_entropy(logits.reshape(-1, logits.size(-1)),
                                                       y_all[i:i + batch].reshape(-1), reduction="sum").item()
    model.train()
    return total / (n * block)


def best_rate(step_times, tokens_per_step, window=10):
    """Tokens/s of the fastest run of `window` consecutive timed steps (0 if fewer steps)."""
    sums = [sum(step_times[i:i + window]) for i in range(len(step_times) - window + 1)]
    return window * tokens_per_step / min(sums) if sums else 0.0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--steps", type=int, default=100)
    ap.add_argument("--corpus")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--eval-every", type=int, default=0)
    ap.add_argument("--no-bias", action="store_true")
    ap.add_argument("--seed", type=int, default=1337)
    ap.add_argument("--layers", type=int, default=N_LAYER)
    ap.add_argument("--heads", type=int, default=N_HEAD)
    ap.add_argument("--width", type=int, default=N_EMBD)
    ap.add_argument("--context", type=int, default=BLOCK)
    ap.add_argument("--batch", type=int, default=BATCH)
    ap.add_argument("--warmup", type=int, default=WARMUP)
    args = ap.parse_args()
    for name in ("layers", "heads", "width", "context", "batch", "steps"):
        if getattr(args, name) < 1:
            ap.error("--%s must be a positive whole number" % name)
    if args.warmup < 0 or args.warmup >= args.steps:
        ap.error("--warmup must be 0 or more and below --steps")
    if args.width % args.heads:
        ap.error("--width %d does not split into %d heads" % (args.width, args.heads))
    block, batch = args.context, args.batch
    if args.corpus is None:
        sys.exit("bench_gpt.py: pass --corpus FILE (the Java bench writes its built-in text to a file and "
                 "passes it)")

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    with open(args.corpus, encoding="utf-8") as f:
        text = f.read()
    chars = sorted(set(text))
    index = {c: i for i, c in enumerate(chars)}
    ids = torch.tensor([index[c] for c in text], dtype=torch.long)
    split = int(len(ids) * 0.9)
    train, val = ids[:split], ids[split:]

    model = GPT(len(chars), block, args.layers, args.heads, args.width, bias=not args.no_bias)
    params = sum(p.numel() for p in model.parameters())  # tied weight counted once
    decay = [p for p in model.parameters() if p.dim() >= 2]
    no_decay = [p for p in model.parameters() if p.dim() < 2]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": WEIGHT_DECAY},
                             {"params": no_decay, "weight_decay": 0.0}], lr=LR, betas=BETAS)
    print("bench_gpt: %dL/%dH/%dd ctx%d B%d, %d params, vocab %d, %d train / %d val chars, bias=%s, %d thread(s)"
          % (args.layers, args.heads, args.width, block, batch, params, len(chars), len(train), len(val),
             not args.no_bias, torch.get_num_threads()), file=sys.stderr)

    losses = []
    step_times = []  # wall time of each timed step
    train_time, cpu_time, timed, whole_time = 0.0, 0.0, 0, 0.0
    start = time.perf_counter()
    for step in range(1, args.steps + 1):
        ix = torch.randint(len(train) - block, (batch,))
        x = torch.stack([train[i:i + block] for i in ix])
        y = torch.stack([train[i + 1:i + 1 + block] for i in ix])
        t0, c0 = time.perf_counter(), time.process_time()
        _, loss = model(x, y)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), CLIP)
        opt.step()
        dt, dc = time.perf_counter() - t0, time.process_time() - c0
        losses.append(loss.item())
        whole_time += dt
        if step > args.warmup:
            train_time += dt
            cpu_time += dc
            step_times.append(dt)
            timed += 1
        if step % 50 == 0 or step == args.steps:
            print("step %5d  loss %.4f  %.0f tok/s" % (step, losses[-1],
                  batch * block * timed / train_time if train_time else 0.0), file=sys.stderr)
        if args.eval_every and step % args.eval_every == 0 and step < args.steps:
            print("step %5d  val_loss %.4f  (%.1f s)" % (step, evaluate(model, val, block),
                  time.perf_counter() - start), file=sys.stderr)
    val_loss = evaluate(model, val, block)
    wall = time.perf_counter() - start
    result = {"model": "gpt", "layers": args.layers, "heads": args.heads, "width": args.width, "context": block,
              "batch": batch, "vocab": len(chars), "params": params, "steps": args.steps,
              "tokens_per_s": round(batch * block * timed / train_time, 1) if train_time else 0.0,
              "ms_per_step": round(1000 * train_time / timed, 3) if timed else None,
              "train_loss": round(sum(losses[-10:]) / len(losses[-10:]), 4), "val_loss": round(val_loss, 4),
              "threads": torch.get_num_threads(), "wall_s": round(wall, 2),
              "tokens_per_cpu_s": round(batch * block * timed / cpu_time, 1) if cpu_time else 0.0,
              "best_tokens_per_s": round(best_rate(step_times, batch * block), 1),
              "peak_rss_mb": round(peak_rss_mb(), 1),
              "warmup": args.warmup, "whole_run_tokens_per_s": round(batch * block * args.steps / whole_time, 1),
              "bias": not args.no_bias,
              "tied_head": True}
    print(json.dumps(result))


if __name__ == "__main__":
    main()
