#!/usr/bin/python3
"""Writes the padded-batch parity fixtures to src/test/resources/fixtures/<case>.safetensors.

Run from the repository root with Debian's PyTorch (python3-torch, 1.13 CPU):
    /usr/bin/python3 tools/pytorch/make_padded_fixtures.py [case ...]
Same conventions as make_fixtures.py (seeded by crc32 of the case name, float32 inputs, float64 maths, results
rounded once to float32, keys and metadata described in tools/pytorch/README.md).

What these pin down: a right-padded batch of sequences of different lengths, in an order not sorted by length,
computed the way PyTorch does it without padding leaking in: recurrent layers over pack_padded_sequence
(enforce_sorted=False) and back with pad_packed_sequence (zeros at padded steps), so each sequence's reverse
direction starts at its own end from h0 and h_n is the state at its own end; attention with a key_padding_mask.
Padded input positions hold arbitrary values (random, not zero): they must not matter.
"""
import os
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_fixtures import write_cases, OUT_DIR, D64, seed_for, base_meta, leaf, b  # noqa: E402

GENERATOR = "tools/pytorch/make_padded_fixtures.py"


def step_mask(lengths, T):
    """(B, T) float, 1.0 at real steps."""
    return (torch.arange(T).unsqueeze(0) < lengths.unsqueeze(1)).float()


def rnn_module(kind, I, H, layers, bidirectional):
    if kind == "lstm":
        return nn.LSTM(I, H, layers, batch_first=True, bidirectional=bidirectional)
    if kind == "gru":
        return nn.GRU(I, H, layers, batch_first=True, bidirectional=bidirectional)
    return nn.RNN(I, H, layers, nonlinearity=kind[len("rnn_"):], batch_first=True, bidirectional=bidirectional)


def run_packed(m, x, lengths, state):
    """Output (B, T, D*H) with zeros at padded steps, and the final state (h_n, or (h_n, c_n))."""
    T = x.shape[1]
    packed = pack_padded_sequence(x, lengths, batch_first=True, enforce_sorted=False)
    out, final = m(packed, state)
    out, _ = pad_packed_sequence(out, batch_first=True, total_length=T)
    return out, final


# ---------------------------------------------------------------- one recurrent layer on a padded batch

def packed_recurrent(case, kind, layers, lengths, B=4, T=6, I=3, H=5):
    seed = seed_for(case)
    lengths = torch.tensor(lengths)
    m = rnn_module(kind, I, H, layers, True)
    D = 2
    x = torch.randn(B, T, I)
    h0 = torch.randn(layers * D, B, H) * 0.5
    c0 = torch.randn(layers * D, B, H) * 0.5
    mask = step_mask(lengths, T)
    dout = torch.randn(B, T, D * H) * mask.unsqueeze(2)          # padded outputs are constant zeros: no gradient
    dhn = torch.randn(layers * D, B, H)
    dcn = torch.randn(layers * D, B, H)
    tensors = {"x": x, "lengths": lengths.float(), "h0": h0, "dout": dout, "dhn": dhn}
    for name, p in m.named_parameters():
        tensors["param." + name] = p.detach().clone()
    m = m.to(D64)
    xl, h0l, c0l = leaf(x), leaf(h0), leaf(c0)
    if kind == "lstm":
        out, (hn, cn) = run_packed(m, xl, lengths, (h0l, c0l))
        loss = (out * dout.to(D64)).sum() + (hn * dhn.to(D64)).sum() + (cn * dcn.to(D64)).sum()
    else:
        out, hn = run_packed(m, xl, lengths, h0l)
        loss = (out * dout.to(D64)).sum() + (hn * dhn.to(D64)).sum()
    loss.backward()
    tensors.update({"out": out, "hn": hn, "grad.x": xl.grad, "grad.h0": h0l.grad})
    if kind == "lstm":
        tensors.update({"c0": c0, "cn": cn, "dcn": dcn, "grad.c0": c0l.grad})
    for name, p in m.named_parameters():
        tensors["grad." + name] = p.grad
    meta = base_meta(case, seed)
    meta.update({"generator": GENERATOR, "kind": kind, "input_size": str(I), "hidden_size": str(H),
                 "num_layers": str(layers), "bidirectional": "true", "batch": str(B), "steps": str(T),
                 "batch_first": "true", "lengths": ",".join(str(int(v)) for v in lengths),
                 "padding": "pack_padded_sequence(enforce_sorted=False), pad_packed_sequence(total_length=T): "
                            "out is 0 at padded steps, dout is 0 there too",
                 "loss": "sum(out*dout)+sum(hn*dhn)" + ("+sum(cn*dcn)" if kind == "lstm" else "")})
    return tensors, meta


PACKED = {
    "packed_lstm_bi": ("lstm", 1, [5, 2, 6, 1]),
    "packed_lstm_2l_bi": ("lstm", 2, [3, 5, 1, 4]),
    "packed_gru_bi": ("gru", 1, [2, 6, 4, 1]),
    "packed_gru_2l_bi": ("gru", 2, [4, 1, 5, 3]),
    "packed_rnn_tanh_bi": ("rnn_tanh", 1, [1, 4, 6, 2]),
}


# ---------------------------------------------------------------- a whole classifier on a padded batch

def packed_classifier(case, kind, pool, lengths, B=5, T=7, V=10, E=5, H=4, C=3):
    """embedding -> bidirectional recurrent layer (packed) -> pool over each sequence's real steps -> linear,
    cross-entropy averaged over the batch. pool last: the output at step length-1 (both directions there);
    pool mean: the mean of the outputs over steps 0..length-1."""
    seed = seed_for(case)
    lengths = torch.tensor(lengths)
    modules = nn.ModuleDict({"embedding": nn.Embedding(V, E), "rnn": rnn_module(kind, E, H, 1, True),
                             "linear": nn.Linear(2 * H, C)})
    tokens = torch.randint(0, V, (B, T))                         # padded steps hold arbitrary ids
    targets = torch.randint(0, C, (B,))
    tensors = {"tokens": tokens.float(), "lengths": lengths.float(), "targets": targets.float()}
    for name, p in modules.named_parameters():
        tensors["param." + name] = p.detach().clone()
    modules = modules.to(D64)
    out, _ = run_packed(modules["rnn"], modules["embedding"](tokens), lengths, None)
    if pool == "last":
        pooled = out[torch.arange(B), lengths - 1]
    else:
        pooled = out.sum(1) / lengths.unsqueeze(1).to(D64)
    logits = modules["linear"](pooled)
    loss = F.cross_entropy(logits, targets)
    loss.backward()
    tensors.update({"logits": logits, "loss": loss.reshape(1)})
    for name, p in modules.named_parameters():
        tensors["grad." + name] = p.grad
    meta = base_meta(case, seed)
    meta.update({"generator": GENERATOR, "kind": kind, "pool": pool, "vocab": str(V), "embed": str(E),
                 "hidden_size": str(H), "classes": str(C), "batch": str(B), "steps": str(T),
                 "lengths": ",".join(str(int(v)) for v in lengths),
                 "structure": "linear(pool(pad_packed(rnn(pack_padded(embedding(tokens), lengths)))))",
                 "loss": "mean cross-entropy over the batch"})
    return tensors, meta


CLASSIFIERS = {
    "packed_lstm_bi_pool_last": ("lstm", "last", [3, 7, 1, 5, 2]),
    "packed_gru_bi_pool_mean": ("gru", "mean", [6, 2, 4, 1, 3]),
}


# ---------------------------------------------------------------- attention with a key padding mask

def attention_mha_padded(case, B=3, T=5, E=8, heads=2, lengths=(5, 2, 3)):
    seed = seed_for(case)
    lengths = torch.tensor(lengths)
    mha = nn.MultiheadAttention(E, heads, batch_first=True)
    with torch.no_grad():
        mha.in_proj_bias.copy_(0.1 * torch.randn(3 * E))
        mha.out_proj.bias.copy_(0.1 * torch.randn(E))
    x = torch.randn(B, T, E)
    dout = torch.randn(B, T, E)                                  # queries at padded steps still see the real keys
    tensors = {"x": x, "lengths": lengths.float(), "dout": dout}
    for name, p in mha.named_parameters():
        tensors["param." + name] = p.detach().clone()
    mha = mha.to(D64)
    xl = leaf(x)
    pad = step_mask(lengths, T) == 0                             # True: a key not to attend to
    out, w = mha(xl, xl, xl, key_padding_mask=pad, need_weights=True, average_attn_weights=False)
    (out * dout.to(D64)).sum().backward()
    tensors.update({"out": out, "attn_weights": w, "grad.x": xl.grad})
    for name, p in mha.named_parameters():
        tensors["grad." + name] = p.grad
    meta = base_meta(case, seed)
    meta.update({"generator": GENERATOR, "embed_dim": str(E), "num_heads": str(heads), "batch": str(B),
                 "steps": str(T), "batch_first": "true", "causal": "false",
                 "lengths": ",".join(str(int(v)) for v in lengths),
                 "padding": "key_padding_mask True at steps >= length", "loss": "sum(out*dout)"})
    return tensors, meta


def all_cases():
    cases = {}
    for case, (kind, layers, lengths) in PACKED.items():
        cases[case] = (lambda c=case, k=kind, n=layers, ls=lengths: packed_recurrent(c, k, n, ls))
    for case, (kind, pool, lengths) in CLASSIFIERS.items():
        cases[case] = (lambda c=case, k=kind, p=pool, ls=lengths: packed_classifier(c, k, p, ls))
    cases["attention_mha_padded"] = lambda: attention_mha_padded("attention_mha_padded")
    return cases


def main(argv):
    write_cases(argv, all_cases())


if __name__ == "__main__":
    main(sys.argv[1:])
