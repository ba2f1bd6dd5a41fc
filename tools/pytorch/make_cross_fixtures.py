#!/usr/bin/python3
"""Writes the encoder-decoder attention and learned-position parity fixtures to src/test/resources/fixtures/.

Run from the repository root with Debian's PyTorch (python3-torch, 1.13 CPU):
    /usr/bin/python3 tools/pytorch/make_cross_fixtures.py [case ...]
Same conventions as make_fixtures.py (seeded by crc32 of the case name, float32 inputs, float64 maths, results
rounded once to float32, keys and metadata described in tools/pytorch/README.md).

PyTorch has no module for Bahdanau's or Luong's attention, so the layer is written out here in a few lines of
torch, as the papers (and seqlab's CrossAttention) define it; autograd gives the gradients. The encoder memory
is right-padded (lengths not sorted) with arbitrary values at padded steps: they must not matter.
  additive: e_ts = v . tanh(W_q x_t + b_q + W_k m_s)        dot: e_ts = (W_q x_t + b_q) . m_s / sqrt(E)
  a_t = softmax over s < length (masked_fill -inf), c_t = sum_s a_ts m_s, out_t = [x_t ; c_t]
Learned positions are nn.Embedding over positions added to the input, as GPT-2/nanoGPT's wpe.
"""
import math
import os
import sys

import torch
import torch.nn as nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_fixtures import write_cases, OUT_DIR, D64, seed_for, base_meta, leaf  # noqa: E402

GENERATOR = "tools/pytorch/make_cross_fixtures.py"


def cross_attention(case, kind, B=3, T=4, S=5, D=6, E=8, A=7, lengths=(5, 2, 4)):
    seed = seed_for(case)
    if kind == "dot":
        A = E
    lengths = torch.tensor(lengths)
    query = nn.Linear(D, A)
    params = {"query.weight": query.weight.detach().clone(), "query.bias": query.bias.detach().clone()}
    if kind == "additive":
        params["key.weight"] = torch.randn(A, E) / math.sqrt(E)
        params["v"] = torch.randn(A) / math.sqrt(A)
    x = torch.randn(B, T, D)
    memory = torch.randn(B, S, E)
    dout = torch.randn(B, T, D + E)
    tensors = {"x": x, "memory": memory, "lengths": lengths.float(), "dout": dout}
    for name, p in params.items():
        tensors["param." + name] = p
    p64 = {name: leaf(p) for name, p in params.items()}
    xl, ml = leaf(x), leaf(memory)
    q = xl @ p64["query.weight"].T + p64["query.bias"]                              # (B, T, A)
    if kind == "additive":
        k = ml @ p64["key.weight"].T                                                # (B, S, A)
        scores = (torch.tanh(q.unsqueeze(2) + k.unsqueeze(1)) * p64["v"]).sum(-1)  # (B, T, S)
    else:
        scores = q @ ml.transpose(1, 2) / math.sqrt(E)                              # (B, T, S)
    pad = (torch.arange(S).unsqueeze(0) >= lengths.unsqueeze(1)).unsqueeze(1)       # (B, 1, S)
    weights = torch.softmax(scores.masked_fill(pad, float("-inf")), dim=-1)         # (B, T, S)
    context = weights @ ml                                                          # (B, T, E)
    out = torch.cat([xl, context], dim=-1)                                          # (B, T, D + E)
    (out * dout.to(D64)).sum().backward()
    tensors.update({"out": out, "attn_weights": weights, "grad.x": xl.grad, "grad.memory": ml.grad})
    for name, p in p64.items():
        tensors["grad." + name] = p.grad
    meta = base_meta(case, seed)
    meta.update({"kind": kind, "batch": str(B), "steps": str(T), "memory_steps": str(S), "input_size": str(D),
                 "encoder_size": str(E), "attention_size": str(A), "batch_first": "true",
                 "param_names": ",".join(params),
                 "scores": "v . tanh(W_q x + b_q + W_k m)" if kind == "additive" else "(W_q x + b_q) . m / sqrt(E)",
                 "mask": "memory steps s >= lengths[b] get -inf before the softmax",
                 "attn_weights": "(B, T, S)", "out": "(B, T, D + E): [x ; context]", "loss": "sum(out*dout)"})
    return tensors, meta


def positional_learned(case, B=2, T=6, C=5, max_len=8):
    seed = seed_for(case)
    wpe = nn.Embedding(max_len, C)
    x = torch.randn(B, T, C)
    dout = torch.randn(B, T, C)
    tensors = {"x": x, "dout": dout, "param.weight": wpe.weight.detach().clone()}
    wpe = wpe.to(D64)
    xl = leaf(x)
    out = xl + wpe(torch.arange(T)).unsqueeze(0)
    (out * dout.to(D64)).sum().backward()
    tensors.update({"out": out, "grad.x": xl.grad, "grad.weight": wpe.weight.grad})
    meta = base_meta(case, seed)
    meta.update({"batch": str(B), "steps": str(T), "dim": str(C), "max_len": str(max_len), "batch_first": "true",
                 "formula": "out[b,t] = x[b,t] + weight[t]; rows t >= steps get no gradient",
                 "loss": "sum(out*dout)"})
    return tensors, meta


def all_cases():
    return {
        "cross_attention_additive": lambda: cross_attention("cross_attention_additive", "additive"),
        "cross_attention_dot": lambda: cross_attention("cross_attention_dot", "dot"),
        "positional_learned": lambda: positional_learned("positional_learned"),
    }


def main(argv):
    write_cases(argv, all_cases(), GENERATOR)


if __name__ == "__main__":
    main(sys.argv[1:])
