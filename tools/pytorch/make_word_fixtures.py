#!/usr/bin/python3
"""Writes the word-vector and next-sentence-prediction fixtures to src/test/resources/fixtures/.

Run from the repository root with Debian's PyTorch (python3-torch, 1.13 CPU) and numpy:
    /usr/bin/python3 tools/pytorch/make_word_fixtures.py [case ...]
Same conventions as make_fixtures.py (seeded by crc32 of the case name, float64 maths, results rounded once to
float32, keys and metadata described in tools/pytorch/README.md).

count_vectors: a tiny corpus (words separated by spaces, the metadata's `text`), its co-occurrence counts in a
symmetric window of 2 (every neighbour counts 1, across sentence ends), their PPMI (natural log, 0 where a pair
was never seen), and the SVD of the PPMI table: singular values `s` (descending) and, as sign-free references,
`gram_D` = (U_D S_D)(U_D S_D)^T, the dot products of the dim=D vectors, for D = 2 and 3. Rows and columns follow
the metadata's `words` (sorted).

next_sentence_head: BERT's segment embeddings added to token embeddings (time-major (T, B, E), segments 0/1) and
the next-sentence head (nn.Linear(D, 2) on the hidden state at t = 0, the [CLS] position, mean cross-entropy against
labels 0 IsNext / 1 NotNext): `out`, `logits`, `loss`, and the gradients `grad.segment.weight` (of sum(out*dout)),
`grad.hidden`, `grad.nsp.weight`, `grad.nsp.bias` (of the loss).
"""
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_fixtures import write_cases, seed_for, base_meta, leaf, D64  # noqa: E402

GENERATOR = "tools/pytorch/make_word_fixtures.py"

COUNT_TEXT = "the cat sat on the mat . the dog sat on the rug . a cat saw a dog ."


def count_vectors(case, window=2):
    seed = seed_for(case)
    tokens = COUNT_TEXT.split()
    words = sorted(set(tokens))
    index = {w: i for i, w in enumerate(words)}
    v = len(words)
    counts = np.zeros((v, v))
    for i, w in enumerate(tokens):
        for j in range(max(0, i - window), min(len(tokens), i + window + 1)):
            if j != i:
                counts[index[w], index[tokens[j]]] += 1
    total = counts.sum()
    row = counts.sum(axis=1, keepdims=True)
    col = counts.sum(axis=0, keepdims=True)
    with np.errstate(divide="ignore"):
        pmi = np.log(counts * total / (row * col))
    ppmi = np.where(counts > 0, np.maximum(pmi, 0), 0.0)
    u, s, vt = np.linalg.svd(ppmi)
    tensors = {"counts": counts, "ppmi": ppmi, "s": s}
    for d in (2, 3):
        us = u[:, :d] * s[:d]
        tensors["gram_%d" % d] = us @ us.T
    meta = base_meta(case, seed)
    meta.update({"text": COUNT_TEXT, "words": " ".join(words), "window": str(window), "numpy_version": np.__version__})
    return {k: torch.from_numpy(np.asarray(t, dtype=np.float64)) for k, t in tensors.items()}, meta


def next_sentence_head(case, T=4, B=3, E=5, D=6):
    """BERT's segment embeddings and next-sentence head as seqlab's NextSentence computes them (time-major)."""
    seed = seed_for(case)
    emb = torch.randn(T, B, E)
    segments = torch.tensor([[0, 0, 0], [0, 1, 0], [1, 1, 0], [1, 1, 1]])           # (T, B)
    seg_table = torch.randn(2, E) * 0.5
    dout = torch.randn(T, B, E)
    h = torch.randn(T, B, D)
    linear = torch.nn.Linear(D, 2)
    labels = torch.tensor([0, 1, 1])                                                 # 0 IsNext, 1 NotNext
    tensors = {"embedding": emb, "segments": segments.float(), "param.segment.weight": seg_table, "dout": dout,
               "hidden": h, "param.nsp.weight": linear.weight.detach().clone(), "param.nsp.bias": linear.bias.detach().clone(),
               "labels": labels.float()}
    st, hl = leaf(seg_table), leaf(h)
    w, bias = leaf(linear.weight), leaf(linear.bias)
    out = emb.to(D64) + torch.nn.functional.embedding(segments, st)                  # (T, B, E)
    (out * dout.to(D64)).sum().backward()
    logits = hl[0] @ w.T + bias                                                      # (B, 2): the [CLS] rows
    loss = torch.nn.functional.cross_entropy(logits, labels)
    loss.backward()
    tensors.update({"out": out, "logits": logits, "loss": loss.reshape(1), "grad.segment.weight": st.grad,
                    "grad.hidden": hl.grad, "grad.nsp.weight": w.grad, "grad.nsp.bias": bias.grad})
    meta = base_meta(case, seed)
    meta.update({"steps": str(T), "batch": str(B), "embedding": str(E), "hidden": str(D),
                 "loss": "sum(out*dout) for the segments; mean cross-entropy of the [CLS] logits for the head"})
    return tensors, meta


def all_cases():
    return {"count_vectors": lambda: count_vectors("count_vectors"),
            "next_sentence_head": lambda: next_sentence_head("next_sentence_head")}


if __name__ == "__main__":
    write_cases(sys.argv[1:], all_cases(), GENERATOR)
