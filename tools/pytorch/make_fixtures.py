#!/usr/bin/python3
"""Writes the PyTorch parity fixtures to src/test/resources/fixtures/<case>.safetensors.

Run from the repository root with Debian's PyTorch (python3-torch, 1.13 CPU):
    /usr/bin/python3 tools/pytorch/make_fixtures.py [case ...]
With no argument every case is written. Deterministic: each case seeds torch with crc32(case name), so
adding or changing one case leaves the others byte for byte the same.

Precision: every input, weight, initial state and upstream gradient is drawn in float32 (so it is stored
exactly), then the module and tensors are converted to float64 and all outputs and gradients are computed
in float64 and rounded once to float32 when written. The references are therefore the exact answer to the
stored float32 problem, to float32 rounding; a float32 implementation should match to relative error ~1e-6.

Contract (tensor keys, shapes, metadata): tools/pytorch/README.md. All tensors F32, row-major; token
ids and targets are stored as exact float values; scalar losses have shape [1]. Every metadata value is a
string.
"""
import os
import sys
import zlib

import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import safetensors_io  # noqa: E402
from gpt_model import Block  # noqa: E402

OUT_DIR = os.path.join("src", "test", "resources", "fixtures")
D64 = torch.float64


def seed_for(case):
    seed = zlib.crc32(case.encode("utf-8"))
    torch.manual_seed(seed)
    return seed


def base_meta(case, seed):
    return {"case": case, "generator": "tools/pytorch/make_fixtures.py", "torch_version": torch.__version__,
            "compute_dtype": "float64", "stored_dtype": "float32", "seed": str(seed)}


def leaf(t):
    """float64 copy of a float32 tensor, as a leaf that records its gradient."""
    return t.detach().to(D64).clone().requires_grad_(True)


def b(v):
    return "true" if v else "false"


# ---------------------------------------------------------------- recurrent layers

def recurrent_case(case, kind, layers, bidirectional, B=3, T=5, I=4, H=6):
    seed = seed_for(case)
    D = 2 if bidirectional else 1
    if kind == "lstm":
        m = nn.LSTM(I, H, layers, batch_first=True, bidirectional=bidirectional)
    elif kind == "gru":
        m = nn.GRU(I, H, layers, batch_first=True, bidirectional=bidirectional)
    else:
        m = nn.RNN(I, H, layers, nonlinearity=kind[len("rnn_"):], batch_first=True, bidirectional=bidirectional)
    x = torch.randn(B, T, I)
    h0 = torch.randn(layers * D, B, H) * 0.5
    c0 = torch.randn(layers * D, B, H) * 0.5
    dout = torch.randn(B, T, D * H)
    dhn = torch.randn(layers * D, B, H)
    dcn = torch.randn(layers * D, B, H)

    tensors = {"x": x, "h0": h0, "dout": dout, "dhn": dhn}
    params32 = dict(m.named_parameters())
    for name, p in params32.items():
        tensors["param." + name] = p.detach().clone()
    m = m.to(D64)
    xl, h0l, c0l = leaf(x), leaf(h0), leaf(c0)
    if kind == "lstm":
        out, (hn, cn) = m(xl, (h0l, c0l))
        loss = (out * dout.to(D64)).sum() + (hn * dhn.to(D64)).sum() + (cn * dcn.to(D64)).sum()
    else:
        out, hn = m(xl, h0l)
        loss = (out * dout.to(D64)).sum() + (hn * dhn.to(D64)).sum()
    loss.backward()
    tensors.update({"out": out, "hn": hn, "grad.x": xl.grad, "grad.h0": h0l.grad})
    if kind == "lstm":
        tensors.update({"c0": c0, "cn": cn, "dcn": dcn, "grad.c0": c0l.grad})
    for name, p in m.named_parameters():
        tensors["grad." + name] = p.grad
    meta = base_meta(case, seed)
    meta.update({"kind": kind, "input_size": str(I), "hidden_size": str(H), "num_layers": str(layers),
                 "bidirectional": b(bidirectional), "batch": str(B), "steps": str(T), "batch_first": "true",
                 "loss": "sum(out*dout)+sum(hn*dhn)" + ("+sum(cn*dcn)" if kind == "lstm" else "")})
    return tensors, meta


RECURRENT = {
    "rnn_tanh_1l": ("rnn_tanh", 1, False),
    "rnn_relu_2l": ("rnn_relu", 2, False),
    "rnn_tanh_bi": ("rnn_tanh", 1, True),
    "lstm_1l": ("lstm", 1, False),
    "lstm_2l": ("lstm", 2, False),
    "lstm_bi": ("lstm", 1, True),
    "lstm_2l_bi": ("lstm", 2, True),
    "gru_1l": ("gru", 1, False),
    "gru_2l": ("gru", 2, False),
    "gru_bi": ("gru", 1, True),
}


# ---------------------------------------------------------------- embedding, dense, norms, losses

def embed_linear_ce(case, B=3, T=5, V=11, E=7):
    seed = seed_for(case)
    emb = nn.Embedding(V, E)
    lin = nn.Linear(E, V)
    tokens = torch.randint(0, V, (B, T))
    targets = torch.randint(0, V, (B, T))
    targets[0, 1] = -1
    targets[1, 4] = -1
    targets[2, 0] = -1
    tensors = {"tokens": tokens.float(), "targets": targets.float(),
               "param.embedding.weight": emb.weight.detach().clone(),
               "param.linear.weight": lin.weight.detach().clone(), "param.linear.bias": lin.bias.detach().clone()}
    emb, lin = emb.to(D64), lin.to(D64)
    logits = lin(emb(tokens))
    loss = F.cross_entropy(logits.view(-1, V), targets.view(-1), ignore_index=-1)
    loss.backward()
    tensors.update({"logits": logits, "loss": loss.reshape(1), "grad.embedding.weight": emb.weight.grad,
                    "grad.linear.weight": lin.weight.grad, "grad.linear.bias": lin.bias.grad})
    meta = base_meta(case, seed)
    meta.update({"vocab": str(V), "embed": str(E), "batch": str(B), "steps": str(T), "ignore_index": "-1",
                 "reduction": "mean over non-ignored positions"})
    return tensors, meta


ACTS = {"tanh": torch.tanh, "relu": torch.relu, "sigmoid": torch.sigmoid,
        "gelu": lambda z: F.gelu(z, approximate="none")}


def dense_case(case, act, N=4, I=5, O=3):
    seed = seed_for(case)
    lin = nn.Linear(I, O)
    x = torch.randn(N, I)
    dout = torch.randn(N, O)
    tensors = {"x": x, "dout": dout, "param.weight": lin.weight.detach().clone(),
               "param.bias": lin.bias.detach().clone()}
    lin = lin.to(D64)
    xl = leaf(x)
    out = ACTS[act](lin(xl))
    (out * dout.to(D64)).sum().backward()
    tensors.update({"out": out, "grad.x": xl.grad, "grad.weight": lin.weight.grad, "grad.bias": lin.bias.grad})
    meta = base_meta(case, seed)
    meta.update({"activation": act, "in_features": str(I), "out_features": str(O), "batch": str(N),
                 "gelu": "exact erf", "loss": "sum(out*dout)"})
    return tensors, meta


def layernorm_case(case, N=4, D=6):
    seed = seed_for(case)
    x = torch.randn(N, D) * 2 + 0.5
    weight = 1 + 0.5 * torch.randn(D)
    bias = 0.3 * torch.randn(D)
    dout = torch.randn(N, D)
    ln = nn.LayerNorm(D, eps=1e-5)
    with torch.no_grad():
        ln.weight.copy_(weight)
        ln.bias.copy_(bias)
    ln = ln.to(D64)
    xl = leaf(x)
    out = ln(xl)
    (out * dout.to(D64)).sum().backward()
    tensors = {"x": x, "param.weight": weight, "param.bias": bias, "out": out, "dout": dout, "grad.x": xl.grad,
               "grad.weight": ln.weight.grad, "grad.bias": ln.bias.grad}
    meta = base_meta(case, seed)
    meta.update({"normalized_shape": str(D), "eps": "1e-05", "batch": str(N), "loss": "sum(out*dout)"})
    return tensors, meta


def mse_case(case, N=4, K=3):
    seed = seed_for(case)
    pred, target = torch.randn(N, K), torch.randn(N, K)
    pl = leaf(pred)
    loss = F.mse_loss(pl, target.to(D64))
    loss.backward()
    meta = base_meta(case, seed)
    meta.update({"loss_fn": "MSELoss", "reduction": "mean"})
    return {"pred": pred, "target": target, "loss": loss.reshape(1), "grad.pred": pl.grad}, meta


def bce_case(case, N=4, K=3):
    seed = seed_for(case)
    pred = torch.randn(N, K) * 2
    target = (torch.rand(N, K) < 0.5).float()
    pl = leaf(pred)
    loss = F.binary_cross_entropy_with_logits(pl, target.to(D64))
    loss.backward()
    meta = base_meta(case, seed)
    meta.update({"loss_fn": "BCEWithLogitsLoss", "pred": "logits", "reduction": "mean"})
    return {"pred": pred, "target": target, "loss": loss.reshape(1), "grad.pred": pl.grad}, meta


# ---------------------------------------------------------------- optimizers

# Per-step gradient scales: with 17 N(0,1) entries the global norm is ~4*scale, so max_norm=1.0 clips on
# the larger steps and not on the smaller ones; clipped_steps in the metadata says which.
GRAD_SCALES = [0.15, 0.6, 0.1, 0.5, 0.05]
OPTIMS = {
    "sgd": (torch.optim.SGD, dict(lr=0.1, momentum=0.0, dampening=0.0, nesterov=False, weight_decay=0.0)),
    "sgd_momentum": (torch.optim.SGD, dict(lr=0.1, momentum=0.9, dampening=0.0, nesterov=False,
                                           weight_decay=0.01)),
    "sgd_nesterov": (torch.optim.SGD, dict(lr=0.1, momentum=0.9, dampening=0.0, nesterov=True,
                                           weight_decay=0.005)),
    "adam": (torch.optim.Adam, dict(lr=0.01, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.01, amsgrad=False)),
    "adamw": (torch.optim.AdamW, dict(lr=0.01, betas=(0.9, 0.99), eps=1e-8, weight_decay=0.1, amsgrad=False)),
    "rmsprop": (torch.optim.RMSprop, dict(lr=0.01, alpha=0.99, eps=1e-8, weight_decay=0.0, momentum=0.0,
                                          centered=False)),
    # dampening scales each new gradient into the momentum buffer by (1 - dampening) after the first step
    "sgd_dampening": (torch.optim.SGD, dict(lr=0.1, momentum=0.9, dampening=0.3, nesterov=False,
                                            weight_decay=0.01)),
    "rmsprop_momentum": (torch.optim.RMSprop, dict(lr=0.01, alpha=0.9, eps=1e-8, weight_decay=0.02, momentum=0.8,
                                                   centered=False)),
    "adam_clipvalue": (torch.optim.Adam, dict(lr=0.01, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0,
                                              amsgrad=False)),
}


def optim_case(case, name):
    seed = seed_for(case)
    cls, hp = OPTIMS[name]
    clip_value = name.endswith("_clipvalue")
    a0, b0 = torch.randn(4, 3), torch.randn(5)
    grads = [(torch.randn(4, 3) * s, torch.randn(5) * s) for s in GRAD_SCALES]
    tensors = {"p.a": a0, "p.b": b0}
    pa, pb = leaf(a0), leaf(b0)
    opt = cls([pa, pb], **hp)
    clipped = []
    for k, (ga, gb) in enumerate(grads, start=1):
        tensors["g%d.a" % k], tensors["g%d.b" % k] = ga, gb
        pa.grad, pb.grad = ga.to(D64).clone(), gb.to(D64).clone()
        if clip_value:
            if max(ga.abs().max().item(), gb.abs().max().item()) > 0.5:
                clipped.append(k)
            torch.nn.utils.clip_grad_value_([pa, pb], clip_value=0.5)
        else:
            norm = torch.nn.utils.clip_grad_norm_([pa, pb], max_norm=1.0)
            if norm.item() > 1.0:
                clipped.append(k)
        opt.step()
        tensors["p%d.a" % k], tensors["p%d.b" % k] = pa.detach().clone(), pb.detach().clone()
    meta = base_meta(case, seed)
    meta.update({"optimizer": cls.__name__.lower(), "steps": str(len(grads)), "params": "a,b",
                 "clip": "value" if clip_value else "norm", "clipped_steps": ",".join(map(str, clipped))})
    if clip_value:
        meta["clip_value"] = "0.5"
    else:
        meta.update({"max_norm": "1.0", "norm_type": "2"})
    for key, v in hp.items():
        if key == "betas":
            meta["betas"] = "%r,%r" % v
            meta["beta1"], meta["beta2"] = repr(v[0]), repr(v[1])
        elif isinstance(v, bool):
            meta[key] = b(v)
        else:
            meta[key] = repr(v)
    return tensors, meta


# ---------------------------------------------------------------- attention and transformers

def causal_mask(T):
    """(T, T) bool, True where attention is NOT allowed (key position after query position)."""
    return torch.ones(T, T, dtype=torch.bool).triu(1)


def attention_mha(case, B=2, T=5, E=8, heads=2):
    seed = seed_for(case)
    mha = nn.MultiheadAttention(E, heads, batch_first=True)
    with torch.no_grad():  # PyTorch initialises both biases to zero; make them non-trivial
        mha.in_proj_bias.copy_(0.1 * torch.randn(3 * E))
        mha.out_proj.bias.copy_(0.1 * torch.randn(E))
    x = torch.randn(B, T, E)
    dout = torch.randn(B, T, E)
    tensors = {"x": x, "dout": dout}
    for name, p in mha.named_parameters():
        tensors["param." + name] = p.detach().clone()
    mha = mha.to(D64)
    xl = leaf(x)
    out, w = mha(xl, xl, xl, attn_mask=causal_mask(T), need_weights=True, average_attn_weights=False)
    (out * dout.to(D64)).sum().backward()
    tensors.update({"out": out, "attn_weights": w, "grad.x": xl.grad})
    for name, p in mha.named_parameters():
        tensors["grad." + name] = p.grad
    meta = base_meta(case, seed)
    meta.update({"embed_dim": str(E), "num_heads": str(heads), "batch": str(B), "steps": str(T),
                 "batch_first": "true", "causal": "true", "self_attention": "query=key=value=x",
                 "in_proj_layout": "rows [0,E) query, [E,2E) key, [2E,3E) value; head h uses rows h*E/heads..",
                 "attn_weights": "(B, heads, T, T) softmax weights, not averaged over heads",
                 "loss": "sum(out*dout)"})
    return tensors, meta


def transformer_block(case, B=2, T=5, C=8, heads=2):
    seed = seed_for(case)
    blk = Block(C, heads, bias=True)
    with torch.no_grad():  # non-trivial LayerNorm parameters (PyTorch's default is 1 and 0)
        for ln in (blk.ln_1, blk.ln_2):
            ln.weight.copy_(1 + 0.3 * torch.randn(C))
            ln.bias.copy_(0.1 * torch.randn(C))
    x = torch.randn(B, T, C)
    dout = torch.randn(B, T, C)
    tensors = {"x": x, "dout": dout}
    for name, p in blk.named_parameters():
        tensors["param." + name] = p.detach().clone()
    blk = blk.to(D64)
    xl = leaf(x)
    out = blk(xl)
    (out * dout.to(D64)).sum().backward()
    tensors.update({"out": out, "attn_weights": blk.attn.last_att, "grad.x": xl.grad})
    names = []
    for name, p in blk.named_parameters():
        tensors["grad." + name] = p.grad
        names.append(name)
    meta = base_meta(case, seed)
    meta.update({"embed_dim": str(C), "num_heads": str(heads), "ff_dim": str(4 * C), "batch": str(B),
                 "steps": str(T), "causal": "true", "layernorm_eps": "1e-05", "gelu": "exact erf",
                 "param_names": ",".join(names),
                 "structure": "h = x + attn.c_proj(MHA(ln_1(x))); out = h + mlp.c_proj(gelu(mlp.c_fc(ln_2(h))))",
                 "c_attn_layout": "nn.Linear (3C, C): output columns [0,C) q, [C,2C) k, [2C,3C) v; "
                                  "head h uses columns h*C/heads..(h+1)*C/heads of each",
                 "attn_weights": "(B, heads, T, T) softmax(q k^T / sqrt(C/heads)) with causal mask",
                 "loss": "sum(out*dout)"})
    return tensors, meta


def positional_sinusoidal(case, T=12, C=8):
    seed = seed_for(case)
    pos = torch.arange(T, dtype=D64).unsqueeze(1)                     # (T, 1)
    div = torch.exp(torch.arange(0, C, 2, dtype=D64) * (-torch.log(torch.tensor(10000.0, dtype=D64)) / C))
    pe = torch.zeros(T, C, dtype=D64)
    pe[:, 0::2] = torch.sin(pos * div)
    pe[:, 1::2] = torch.cos(pos * div)
    meta = base_meta(case, seed)
    meta.update({"max_len": str(T), "dim": str(C), "base": "10000",
                 "formula": "pe[p,2i]=sin(p/10000^(2i/C)), pe[p,2i+1]=cos(p/10000^(2i/C))"})
    return {"pe": pe}, meta


def masked_lm_loss(case, B=2, T=6, V=9):
    """BERT-style loss on a fixed mask: mean cross-entropy over the chosen positions only."""
    seed = seed_for(case)
    logits = torch.randn(B, T, V) * 1.5
    targets = torch.randint(0, V, (B, T))
    mask = torch.zeros(B, T)
    mask[0, 1] = mask[0, 4] = mask[1, 0] = mask[1, 2] = mask[1, 5] = 1.0
    ll = leaf(logits)
    per_pos = F.cross_entropy(ll.view(-1, V), targets.view(-1), reduction="none")       # (B*T,)
    loss = (per_pos * mask.view(-1).to(D64)).sum() / mask.sum().to(D64)
    loss.backward()
    meta = base_meta(case, seed)
    meta.update({"vocab": str(V), "batch": str(B), "steps": str(T),
                 "loss": "mean over positions with mask=1 of cross_entropy(logits, targets)",
                 "mask": "(B, T) 1.0 at the chosen (masked) positions, 0.0 elsewhere"})
    return {"logits": logits, "targets": targets.float(), "mask": mask, "loss": loss.reshape(1),
            "grad.logits": ll.grad}, meta


# ---------------------------------------------------------------- registry

def all_cases():
    cases = {}
    for case, (kind, layers, bi) in RECURRENT.items():
        cases[case] = (lambda c=case, k=kind, n=layers, d=bi: recurrent_case(c, k, n, d))
    cases["embed_linear_ce"] = lambda: embed_linear_ce("embed_linear_ce")
    for act in ACTS:
        cases["dense_" + act] = (lambda a=act: dense_case("dense_" + a, a))
    cases["layernorm"] = lambda: layernorm_case("layernorm")
    cases["mse"] = lambda: mse_case("mse")
    cases["bce"] = lambda: bce_case("bce")
    for name in OPTIMS:
        cases["optim_" + name] = (lambda n=name: optim_case("optim_" + n, n))
    cases["attention_mha"] = lambda: attention_mha("attention_mha")
    cases["transformer_block"] = lambda: transformer_block("transformer_block")
    cases["positional_sinusoidal"] = lambda: positional_sinusoidal("positional_sinusoidal")
    cases["masked_lm_loss"] = lambda: masked_lm_loss("masked_lm_loss")
    return cases


def write_cases(argv, cases, generator=None):
    """Writes the named cases (all when argv is empty) to OUT_DIR; generator, when given, goes into the metadata."""
    torch.set_num_threads(1)
    wanted = argv or list(cases)
    unknown = [c for c in wanted if c not in cases]
    if unknown:
        sys.exit("unknown case(s): %s; known: %s" % (", ".join(unknown), ", ".join(cases)))
    os.makedirs(OUT_DIR, exist_ok=True)
    for case in wanted:
        tensors, meta = cases[case]()
        if generator:
            meta["generator"] = generator
        path = os.path.join(OUT_DIR, case + ".safetensors")
        safetensors_io.write(path, tensors, meta)
        print("%-26s %6d bytes  %s" % (case, os.path.getsize(path), ", ".join(sorted(tensors))), file=sys.stderr)


def main(argv):
    write_cases(argv, all_cases())


if __name__ == "__main__":
    main(sys.argv[1:])
