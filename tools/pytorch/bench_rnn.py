#!/usr/bin/python3
"""PyTorch side of `bin/seqlab bench lstm|gru|rnn --vs-pytorch`: the char-rnn reference configuration.

Char-level; vocabulary = the sorted distinct characters of the whole text; first 90% train, last 10%
validation; embedding 64 -> 2 recurrent layers of 128 (nn.LSTM / nn.GRU / nn.RNN tanh), dropout 0 ->
linear to the vocabulary; batch 50, sequence 50; Adam lr 2e-3; clip_grad_norm 5; truncated BPTT in
char-rnn's scheme: the training text is cut into B contiguous streams, consecutive batches continue each
stream and carry the hidden state (detached); at the end of the streams (an epoch) they start over and
the state is reset to zero.

Sizes: --hidden, --layers, --batch, --seq change the recurrent width, its layers, the streams (B) and the
window (T); `seqlab bench --vs-pytorch` passes its own sizes, so both sides train the same model.

Output: progress on stderr; last on stdout one JSON line
  {"model", "hidden", "layers", "batch", "seq", "vocab", "params", "steps", "tokens_per_s", "ms_per_step",
   "train_loss", "val_loss", "threads", "wall_s", "peak_rss_mb"}
peak_rss_mb is the process's peak resident set (VmHWM; see peak_rss_mb()).
tokens_per_s = batch*seq*(timed steps) / their training time, the first --warmup steps (default 5) being
warm-up and not timed, validation never timed; whole_run_tokens_per_s (extra) counts every step, warm-up
included (`seqlab bench --warmup N` passes its own N, so both sides leave out the same steps). tokens_per_cpu_s is the same count over the process's CPU time (an
extra field: on a shared, loaded machine it shows what one undisturbed thread would do; with more than one
thread it sums their CPU time and is not comparable). best_tokens_per_s (extra) is the rate of the fastest
10 consecutive timed steps, the least disturbed stretch of the run. train_loss = mean training loss of the last 10 steps. val_loss = mean
cross-entropy (nats/char) over the whole validation split (B streams, state carried) after training.
With --target-val-loss X it also evaluates every --eval-every steps and stops at the first evaluation
with val_loss <= X, adding "target_val_loss", "target_step", "target_wall_s" (since training began,
evaluations included) and "target_train_s" (training steps only); target_step is null if not reached
within --steps.
"""
import argparse
import json
import resource

from peak_memory import peak_rss_mb
import sys
import time

import blas_threads  # noqa: F401  (before torch: --threads must reach OpenBLAS too)
import torch
import torch.nn as nn
import torch.nn.functional as F

EMBED = 64                                        # embedding width (fixed, as seqlab's bench)
BATCH, SEQ, HIDDEN, LAYERS = 50, 50, 128, 2       # defaults of --batch --seq --hidden --layers
LR, CLIP, WARMUP = 2e-3, 5.0, 5




class CharRNN(nn.Module):
    def __init__(self, kind, vocab, hidden=HIDDEN, layers=LAYERS):
        super().__init__()
        self.kind = kind
        self.hidden, self.layers = hidden, layers
        self.embed = nn.Embedding(vocab, EMBED)
        rnn = {"lstm": nn.LSTM, "gru": nn.GRU, "rnn": nn.RNN}[kind]
        self.rnn = rnn(EMBED, hidden, layers, batch_first=True, dropout=0.0)
        self.head = nn.Linear(hidden, vocab)

    def zero_state(self, batch):
        h = torch.zeros(self.layers, batch, self.hidden)
        return (h, torch.zeros_like(h)) if self.kind == "lstm" else h

    def forward(self, x, state):
        out, state = self.rnn(self.embed(x), state)     # (B, T, H)
        return self.head(out), state                    # (B, T, V)


def detach(state):
    return tuple(s.detach() for s in state) if isinstance(state, tuple) else state.detach()


def streams(ids, batch):
    """(batch, n) contiguous streams of the token ids, plus one extra column for the last target."""
    n = (len(ids) - 1) // batch
    x = torch.stack([ids[i * n: i * n + n + 1] for i in range(batch)])
    return x  # (batch, n + 1)


def evaluate(model, val, batch, seq):
    """Mean cross-entropy over the whole validation split, B streams with the state carried."""
    model.eval()
    data = streams(val, batch)
    n = data.size(1) - 1
    total, count = 0.0, 0
    state = model.zero_state(batch)
    with torch.no_grad():
        for pos in range(0, n, seq):
            t = min(seq, n - pos)
            x, y = data[:, pos:pos + t], data[:, pos + 1:pos + t + 1]
            logits, state = model(x, state)
            total += F.cross_entropy(logits.reshape(-1, logits.size(-1)), y.reshape(-1), reduction="sum").item()
            count += y.numel()
    model.train()
    return total / count


def load_text(path):
    if path is None:
        sys.exit("bench_rnn.py: pass --corpus FILE (the Java bench writes its built-in text to a file and "
                 "passes it)")
    with open(path, encoding="utf-8") as f:
        return f.read()


def best_rate(step_times, tokens_per_step, window=10):
    """Tokens/s of the fastest run of `window` consecutive timed steps (0 if fewer steps)."""
    sums = [sum(step_times[i:i + window]) for i in range(len(step_times) - window + 1)]
    return window * tokens_per_step / min(sums) if sums else 0.0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--model", choices=["lstm", "gru", "rnn"], default="lstm")
    ap.add_argument("--steps", type=int, default=200)
    ap.add_argument("--corpus")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--eval-every", type=int, default=0)
    ap.add_argument("--target-val-loss", type=float)
    ap.add_argument("--seed", type=int, default=1337)
    ap.add_argument("--hidden", type=int, default=HIDDEN)
    ap.add_argument("--layers", type=int, default=LAYERS)
    ap.add_argument("--batch", type=int, default=BATCH)
    ap.add_argument("--seq", type=int, default=SEQ)
    ap.add_argument("--warmup", type=int, default=WARMUP)
    args = ap.parse_args()
    for name in ("hidden", "layers", "batch", "seq", "steps"):
        if getattr(args, name) < 1:
            ap.error("--%s must be a positive whole number" % name)
    if args.warmup < 0 or args.warmup >= args.steps:
        ap.error("--warmup must be 0 or more and below --steps")
    batch, seq = args.batch, args.seq

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    text = load_text(args.corpus)
    chars = sorted(set(text))
    index = {c: i for i, c in enumerate(chars)}
    ids = torch.tensor([index[c] for c in text], dtype=torch.long)
    split = int(len(ids) * 0.9)
    train, val = ids[:split], ids[split:]
    data = streams(train, batch)
    per_epoch = (data.size(1) - 1) // seq
    if per_epoch < 1:
        sys.exit("bench_rnn.py: the training text is too short for batch %d x seq %d" % (batch, seq))

    model = CharRNN(args.model, len(chars), args.hidden, args.layers)
    params = sum(p.numel() for p in model.parameters())
    opt = torch.optim.Adam(model.parameters(), lr=LR)
    print("bench_rnn: %s %dx%d, batch %d, seq %d, %d params, vocab %d, %d train / %d val chars, %d steps per epoch, "
          "%d thread(s)" % (args.model, args.layers, args.hidden, batch, seq, params, len(chars), len(train), len(val),
                            per_epoch, torch.get_num_threads()), file=sys.stderr)

    every = args.eval_every if args.eval_every > 0 else (100 if args.target_val_loss is not None else 0)
    state = model.zero_state(batch)
    losses = []
    step_times = []  # wall time of each timed step
    train_time, cpu_time, timed_steps, whole_time = 0.0, 0.0, 0, 0.0
    target_step = target_wall = target_train = None
    val_loss = None
    start = time.perf_counter()
    step = 0
    while step < args.steps:
        k = step % per_epoch
        if k == 0:
            state = model.zero_state(batch)
        x = data[:, k * seq:(k + 1) * seq]
        y = data[:, k * seq + 1:(k + 1) * seq + 1]
        t0, c0 = time.perf_counter(), time.process_time()
        state = detach(state)
        logits, state = model(x, state)
        loss = F.cross_entropy(logits.reshape(-1, logits.size(-1)), y.reshape(-1))
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), CLIP)
        opt.step()
        dt, dc = time.perf_counter() - t0, time.process_time() - c0
        step += 1
        losses.append(loss.item())
        whole_time += dt
        if step > args.warmup:
            train_time += dt
            cpu_time += dc
            step_times.append(dt)
            timed_steps += 1
        if step % 50 == 0 or step == args.steps:
            print("step %5d  loss %.4f  %.0f tok/s" % (step, losses[-1],
                  batch * seq * timed_steps / train_time if train_time else 0.0), file=sys.stderr)
        if every and step % every == 0 and step < args.steps:
            val_loss = evaluate(model, val, batch, seq)
            print("step %5d  val_loss %.4f  (%.1f s)" % (step, val_loss, time.perf_counter() - start),
                  file=sys.stderr)
            if args.target_val_loss is not None and val_loss <= args.target_val_loss:
                target_step, target_wall = step, time.perf_counter() - start
                target_train = train_time
                break
    if target_step is None or val_loss is None:
        val_loss = evaluate(model, val, batch, seq)
        if args.target_val_loss is not None and val_loss <= args.target_val_loss:
            target_step, target_wall, target_train = step, time.perf_counter() - start, train_time
    wall = time.perf_counter() - start
    tps = batch * seq * timed_steps / train_time if train_time else 0.0
    result = {"model": args.model, "hidden": args.hidden, "layers": args.layers, "batch": batch, "seq": seq,
              "vocab": len(chars), "params": params, "steps": step, "tokens_per_s": round(tps, 1),
              "ms_per_step": round(1000 * train_time / timed_steps, 3) if timed_steps else None,
              "train_loss": round(sum(losses[-10:]) / len(losses[-10:]), 4), "val_loss": round(val_loss, 4),
              "threads": torch.get_num_threads(), "wall_s": round(wall, 2),
              "tokens_per_cpu_s": round(batch * seq * timed_steps / cpu_time, 1) if cpu_time else 0.0,
              "best_tokens_per_s": round(best_rate(step_times, batch * seq), 1),
              "warmup": args.warmup, "whole_run_tokens_per_s": round(batch * seq * step / whole_time, 1),
              "peak_rss_mb": round(peak_rss_mb(), 1)}
    if args.target_val_loss is not None:
        result.update({"target_val_loss": args.target_val_loss, "target_step": target_step,
                       "target_wall_s": round(target_wall, 2) if target_wall is not None else None,
                       "target_train_s": round(target_train, 2) if target_train is not None else None})
    print(json.dumps(result))


if __name__ == "__main__":
    main()
