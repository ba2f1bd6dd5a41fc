#!/usr/bin/python3
"""Checks the committed fixtures with an independent safetensors reader (struct + json only, written from the
format's description, not sharing code with the writer), then round-trips one file and recomputes it.

Run from the repository root:  /usr/bin/python3 tools/pytorch/check_fixtures.py
1. Every src/test/resources/fixtures/*.safetensors: header length, JSON, metadata all strings, every tensor
   F32 with offsets that tile the data area exactly (no gaps, no overlap, nothing left over) and
   4*prod(shape) bytes, every value finite.
2. lstm_1l: read -> torch tensors -> written again by safetensors_io -> byte-identical file; and the LSTM
   forward recomputed from the stored parameters matches the stored `out`, `hn`, `cn`.
"""
import glob
import json
import math
import os
import struct
import sys


def read(path):
    """(metadata dict, {name: (shape list, flat list of floats)}) of a safetensors file."""
    with open(path, "rb") as f:
        data = f.read()
    if len(data) < 8:
        raise ValueError("%s: shorter than the 8-byte header length" % path)
    (n,) = struct.unpack("<Q", data[:8])
    if 8 + n > len(data):
        raise ValueError("%s: header length %d past the end of the file" % (path, n))
    header = json.loads(data[8:8 + n].decode("utf-8"))
    meta = header.pop("__metadata__", {})
    if not all(isinstance(k, str) and isinstance(v, str) for k, v in meta.items()):
        raise ValueError("%s: metadata values must be strings" % path)
    body = data[8 + n:]
    spans = []
    tensors = {}
    for name, info in header.items():
        if info["dtype"] != "F32":
            raise ValueError("%s: %s has dtype %s" % (path, name, info["dtype"]))
        begin, end = info["data_offsets"]
        count = 1
        for d in info["shape"]:
            count *= d
        if end - begin != 4 * count or end > len(body):
            raise ValueError("%s: %s offsets %s do not fit shape %s" % (path, name, info["data_offsets"],
                                                                         info["shape"]))
        values = list(struct.unpack("<%df" % count, body[begin:end]))
        if not all(math.isfinite(v) for v in values):
            raise ValueError("%s: %s has a non-finite value" % (path, name))
        spans.append((begin, end))
        tensors[name] = (info["shape"], values)
    pos = 0
    for begin, end in sorted(spans):
        if begin != pos:
            raise ValueError("%s: gap or overlap at byte %d of the data" % (path, pos))
        pos = end
    if pos != len(body):
        raise ValueError("%s: %d bytes after the last tensor" % (path, len(body) - pos))
    return meta, tensors


def round_trip_lstm(path):
    import torch
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import safetensors_io

    meta, raw = read(path)
    t = {k: torch.tensor(v, dtype=torch.float32).reshape(s) for k, (s, v) in raw.items()}
    with open(path, "rb") as f:
        if safetensors_io.serialize(t, meta) != f.read():
            raise ValueError("%s: re-serialised bytes differ" % path)
    m = torch.nn.LSTM(int(meta["input_size"]), int(meta["hidden_size"]), int(meta["num_layers"]),
                      batch_first=True)
    with torch.no_grad():
        for name, p in m.named_parameters():
            p.copy_(t["param." + name])
        out, (hn, cn) = m(t["x"], (t["h0"], t["c0"]))
    for name, got in (("out", out), ("hn", hn), ("cn", cn)):
        err = ((got - t[name]).norm() / t[name].norm()).item()
        if err > 1e-5:
            raise ValueError("%s: %s recomputed in float32 differs, relative error %g" % (path, name, err))


def main():
    files = sorted(glob.glob(os.path.join("src", "test", "resources", "fixtures", "*.safetensors")))
    if not files:
        sys.exit("no fixtures found; run from the repository root")
    total = 0
    for path in files:
        meta, tensors = read(path)
        total += os.path.getsize(path)
        print("ok %-36s %2d tensors, %2d metadata keys" % (os.path.basename(path), len(tensors), len(meta)))
    round_trip_lstm(os.path.join("src", "test", "resources", "fixtures", "lstm_1l.safetensors"))
    print("ok lstm_1l round trip and recomputation; %d files, %d bytes in all" % (len(files), total))


if __name__ == "__main__":
    main()
