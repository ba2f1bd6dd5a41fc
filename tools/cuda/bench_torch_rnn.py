#!/usr/bin/python3
"""PyTorch side of org.seqlab.backend.cuda.GpuBench: the same char-LSTM training step on a device.

Same configuration options and the same synthetic task (random tokens, target = (7 x + 3) mod vocab):
embedding -> LSTM layers -> linear to the vocabulary, Adam 2e-3, clip_grad_norm 5, hidden state carried
(detached) between steps. Each step ends with loss.item(), a host sync like seqlab's. The first 5 steps
are warm-up. Prints one JSON line like GpuBench's.
"""
import argparse
import json
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--device", default="cuda")
    for name, default in [("vocab", 65), ("embed", 64), ("hidden", 128), ("layers", 2), ("batch", 50), ("seq", 50), ("steps", 60)]:
        ap.add_argument("--" + name, type=int, default=default)
    a = ap.parse_args()
    torch.manual_seed(1234)
    dev = torch.device(a.device)
    embed = nn.Embedding(a.vocab, a.embed).to(dev)
    lstm = nn.LSTM(a.embed, a.hidden, a.layers, batch_first=False).to(dev)
    head = nn.Linear(a.hidden, a.vocab).to(dev)
    params = list(embed.parameters()) + list(lstm.parameters()) + list(head.parameters())
    opt = torch.optim.Adam(params, lr=2e-3)
    gen = torch.Generator().manual_seed(7)
    state = None
    first = last = None
    warmup, t0 = 5, None
    for s in range(a.steps):
        if s == warmup:
            if dev.type == "cuda":
                torch.cuda.synchronize()
            t0 = time.perf_counter()
        x = torch.randint(a.vocab, (a.seq, a.batch), generator=gen)
        y = (x * 7 + 3) % a.vocab
        x, y = x.to(dev), y.to(dev)
        out, state = lstm(embed(x), state)                      # (T, B, H)
        loss = F.cross_entropy(head(out).reshape(-1, a.vocab), y.reshape(-1))
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 5.0)
        opt.step()
        state = tuple(t.detach() for t in state)
        last = loss.item()
        first = last if first is None else first
    secs = time.perf_counter() - t0
    timed = a.steps - warmup
    print(json.dumps({"backend": "pytorch-" + dev.type, "device": torch.cuda.get_device_name() if dev.type == "cuda" else "cpu",
                      "embed": a.embed, "hidden": a.hidden, "layers": a.layers, "batch": a.batch, "seq": a.seq,
                      "steps": a.steps, "tokens_per_s": round(timed * a.seq * a.batch / secs),
                      "ms_per_step": round(secs * 1000 / timed, 3), "first_loss": round(first, 4), "last_loss": round(last, 4)}))


if __name__ == "__main__":
    main()
