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
"""
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_fixtures import write_cases, seed_for, base_meta  # noqa: E402

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


def all_cases():
    return {"count_vectors": lambda: count_vectors("count_vectors")}


if __name__ == "__main__":
    write_cases(sys.argv[1:], all_cases(), GENERATOR)
