"""Minimal hand-written safetensors writer (no `safetensors` package needed).

Format: 8-byte little-endian u64 header length N, then N bytes of UTF-8 JSON
  {"__metadata__": {str: str}, name: {"dtype": "F32", "shape": [...], "data_offsets": [begin, end]}, ...}
padded with spaces to a multiple of 8, then the raw little-endian float32 data of every tensor,
contiguous and row-major, in the order of the header (tensors sorted by name).
"""
import json
import struct

import torch


def tensor_bytes(t):
    """float32, contiguous, little-endian raw bytes of a tensor (any dtype is cast to float32)."""
    t = t.detach().to(torch.float32).contiguous().cpu()
    # numpy's '<f4' makes the byte order explicit regardless of the host.
    return t.numpy().astype('<f4', copy=False).tobytes()


def serialize(tensors, metadata):
    """Bytes of a safetensors file holding `tensors` (dict name -> tensor) and `metadata` (dict str -> str)."""
    header = {"__metadata__": {str(k): str(v) for k, v in metadata.items()}}
    blobs = []
    offset = 0
    for name in sorted(tensors):
        t = tensors[name]
        data = tensor_bytes(t)
        header[name] = {"dtype": "F32", "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":"), sort_keys=False).encode("utf-8")
    text += b" " * ((8 - len(text) % 8) % 8)
    return struct.pack("<Q", len(text)) + text + b"".join(blobs)


def write(path, tensors, metadata):
    with open(path, "wb") as f:
        f.write(serialize(tensors, metadata))
