"""seqlab's checkpoint files for train.py: safetensors read and written by hand (torch only, no package), with
seqlab's checksum (seqlab.crc32c), so that seqlab's `load` verifies what train.py writes."""
import json
import os
import struct

import torch

DTYPES = {"F32": torch.float32, "F64": torch.float64, "I64": torch.int64, "I32": torch.int32}
DIGEST_KEY = "seqlab.crc32c"


def read_safetensors(path):
    """(tensors, metadata) of a safetensors file (F32, F64, I64, I32); the checksum entry is left out."""
    with open(path, "rb") as f:
        raw = f.read()
    if len(raw) < 8:
        raise SystemExit(f"{path} is too short to be a safetensors file")
    (n,) = struct.unpack("<Q", raw[:8])
    if 8 + n > len(raw):
        raise SystemExit(f"{path}: header length {n} runs past the end of the file")
    header = json.loads(raw[8:8 + n].decode("utf-8"))
    meta = dict(header.pop("__metadata__", None) or {})
    meta.pop(DIGEST_KEY, None)
    data = memoryview(raw)[8 + n:]
    tensors = {}
    for name, info in header.items():
        a, b = info["data_offsets"]
        dtype = DTYPES.get(info["dtype"])
        if dtype is None:
            raise SystemExit(f"{path}: tensor {name!r} has dtype {info['dtype']}")
        t = torch.frombuffer(bytearray(data[a:b]), dtype=dtype) if b > a else torch.zeros(0, dtype=dtype)
        tensors[name] = t.reshape(info["shape"])
    return tensors, meta


def _crc32c_table():
    table = []
    for i in range(256):
        c = i
        for _ in range(8):
            c = (c >> 1) ^ 0x82F63B78 if c & 1 else c >> 1
        table.append(c)
    return table


def crc32c(data):
    """CRC-32C (Castagnoli), as java.util.zip.CRC32C; a package's fast one when installed."""
    try:
        import google_crc32c
        return google_crc32c.value(bytes(data))
    except ImportError:
        pass
    try:
        import crc32c as fast
        return fast.crc32c(data)
    except ImportError:
        pass
    table, crc = _crc32c_table(), 0xFFFFFFFF
    for b in data:
        crc = table[(crc ^ b) & 0xFF] ^ (crc >> 8)
    return crc ^ 0xFFFFFFFF


def write_safetensors(path, tensors, meta):
    """Writes float32 tensors and string metadata as seqlab's save does, with its checksum (seqlab.crc32c: CRC-32C
    of the sorted metadata, the sorted tensor descriptions and the data), atomically (temporary file, then rename)."""
    names = list(tensors)
    blobs, desc, header, off = [], {}, {}, 0
    for name in names:
        t = tensors[name].detach().to(torch.float32).contiguous().cpu()
        blob = t.numpy().astype("<f4", copy=False).tobytes()
        shape = list(t.shape)
        header[name] = {"dtype": "F32", "shape": shape, "data_offsets": [off, off + len(blob)]}
        desc[name] = "F32 [" + ", ".join(str(d) for d in shape) + "] [" + str(off) + ", " + str(off + len(blob)) + "]"
        blobs.append(blob)
        off += len(blob)
    data = b"".join(blobs)
    canon = "".join(k + "\0" + str(meta[k]) + "\0" for k in sorted(meta)) + "\1"
    canon += "".join(k + "\0" + desc[k] + "\0" for k in sorted(desc))
    md = {DIGEST_KEY: "%08x" % crc32c(canon.encode("utf-8") + data)}
    md.update({k: str(v) for k, v in meta.items()})
    text = json.dumps(dict({"__metadata__": md}, **header), separators=(",", ":")).encode("utf-8")
    text += b" " * ((8 - len(text) % 8) % 8)
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + data)
    os.replace(tmp, path)
