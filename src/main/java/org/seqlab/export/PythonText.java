package org.seqlab.export;

/**
 * The fixed parts of an exported Python file: the docstring and imports, and the support code every
 * export shares (a hand-written safetensors reader, the vocabulary, {@code load}, {@code generate} and
 * the {@code __main__} demo). The model-specific class comes from {@link PytorchModule}.
 */
final class PythonText {

    private PythonText() {
    }

    static String header(String model, String checkpoint) {
        return """
                \"\"\"seqlab model '%1$s' as a PyTorch module, written by seqlab's `export pytorch`.

                    python3 this_file.py [CHECKPOINT.safetensors]     # default: %2$s

                loads the weights that seqlab's `save` wrote and runs the model. From your own code:

                    model, vocab = load("%2$s")
                    logits, state = model(x)    # time-major like seqlab: x is (T, B)
                    logits, nsp = model(x, segments=segments)  # with a next-sentence head: masked-LM and [CLS] logits
                    ids = model.translate(src_ids)  # an encoder-decoder: greedy decoding, as seqlab's translate

                The module's state_dict() keys are seqlab's parameter names, so the checkpoint loads as it is;
                the file needs only torch (safetensors is read by hand: 8-byte length, JSON header, little-endian float32 data).
                \"\"\"
                import json
                import math
                import re
                import struct
                import sys

                import torch
                import torch.nn.functional as F
                from torch import nn

                DEFAULT_CHECKPOINT = %3$s
                """.formatted(model.replace("\"", "'"), checkpoint.replace("\"", "'"), string(checkpoint));
    }

    /** A Python string literal (double quotes, escapes for backslash, quote and control characters). */
    static String string(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                default -> {
                    if (c < 0x20) sb.append(String.format("\\x%02x", (int) c));
                    else sb.append(c);
                }
            }
        }
        return sb.append('"').toString();
    }

    /** A float as Python reads it back exactly enough: 0.2, 1.0e-5. */
    static String num(float f) {
        return Float.toString(f).replace("E", "e");
    }

    static String support() {
        return """
                def read_safetensors(path):
                    \"\"\"(tensors, metadata) of a safetensors file; float32 tensors only (seqlab writes nothing else).\"\"\"
                    with open(path, "rb") as f:
                        raw = f.read()
                    if len(raw) < 8:
                        raise ValueError(f"{path} is too short to be a safetensors file")
                    (n,) = struct.unpack("<Q", raw[:8])
                    if 8 + n > len(raw):
                        raise ValueError(f"{path}: header length {n} runs past the end of the file")
                    header = json.loads(raw[8:8 + n].decode("utf-8"))
                    meta = header.pop("__metadata__", None) or {}
                    data = raw[8 + n:]
                    tensors = {}
                    for name, info in header.items():
                        if info.get("dtype") != "F32":
                            continue
                        a, b = info["data_offsets"]
                        if not 0 <= a <= b <= len(data):
                            raise ValueError(f"{path}: tensor {name!r} lies outside the file")
                        t = torch.frombuffer(bytearray(data[a:b]), dtype=torch.float32) if b > a else torch.zeros(0)
                        tensors[name] = t.reshape(info["shape"])
                    return tensors, meta


                class Vocabulary:
                    \"\"\"seqlab's vocabulary from the checkpoint's metadata: token i is tokens[i].\"\"\"

                    WORD = re.compile(r"[^\\W_]+(?:['\\u2019][^\\W_]+)*|\\S")

                    def __init__(self, tokenizer, tokens):
                        self.tokenizer = tokenizer
                        self.tokens = tokens
                        self.ids = {t: i for i, t in enumerate(tokens)}

                    @staticmethod
                    def from_json(text):
                        d = json.loads(text)
                        return Vocabulary(d["tokenizer"], d["tokens"])

                    def __len__(self):
                        return len(self.tokens)

                    def split(self, text):
                        if self.tokenizer == "char":
                            return list(text)
                        if self.tokenizer == "bytes":
                            return [chr(b) if 32 < b < 127 else "<0x%02X>" % b for b in text.encode("utf-8")]
                        return self.WORD.findall(text)

                    def encode(self, text):
                        pieces = self.split(text)
                        unknown = sorted({p for p in pieces if p not in self.ids})
                        if unknown and "<unk>" not in self.ids:
                            raise ValueError(f"not in the vocabulary: {unknown}")
                        return [self.ids.get(p, self.ids.get("<unk>")) for p in pieces]

                    def decode(self, ids):
                        toks = [self.tokens[i] for i in ids]
                        if self.tokenizer == "char":
                            return "".join(toks)
                        if self.tokenizer == "bytes":
                            out = bytearray()
                            for t in toks:
                                if len(t) == 1:
                                    out += t.encode("ascii")
                                elif t.startswith("<0x") and len(t) == 6:
                                    out.append(int(t[3:5], 16))
                            return out.decode("utf-8", errors="replace")
                        return " ".join(toks)


                def load(path=DEFAULT_CHECKPOINT, device="cpu"):
                    \"\"\"(model in eval mode, vocabulary or None) from a checkpoint written by seqlab's `save`.\"\"\"
                    tensors, meta = read_safetensors(path)
                    if meta.get("model_name", MODEL_NAME) != MODEL_NAME:
                        print(f"note: {path} holds model {meta['model_name']!r}, this file defines {MODEL_NAME!r}", file=sys.stderr)
                    model = MODEL_CLASS()
                    own = model.state_dict()
                    for k, v in own.items():
                        if k in FROZEN:
                            continue
                        if k not in tensors:
                            raise ValueError(f"{path} has no tensor {k!r}: was it saved from model {MODEL_NAME!r}?")
                        if tuple(tensors[k].shape) != tuple(v.shape):
                            raise ValueError(f"{path}: {k!r} has shape {tuple(tensors[k].shape)}, the module needs {tuple(v.shape)}")
                    model.load_state_dict({k: tensors[k] for k in own if k in tensors}, strict=False)
                    vocab = Vocabulary.from_json(meta["vocabulary"]) if "vocabulary" in meta else None
                    return model.to(device).eval(), vocab


                def generate(model, vocab, prime="", length=200, temperature=1.0, seed=0):
                    \"\"\"Samples length tokens after prime (a next-token model). A recurrent model reads one token at a time,
                    carrying its state; a model with attention re-reads the last CONTEXT tokens at each step.\"\"\"
                    torch.manual_seed(seed)
                    ids = vocab.encode(prime) if prime else []
                    if not ids:
                        start = next((t for t in ("\\n", ".", " ", "<eos>", "<bos>") if t in vocab.ids), vocab.tokens[0])
                        ids = [vocab.ids[start]]
                    out, state = [], None
                    device = next(model.parameters()).device
                    x = torch.tensor(ids, dtype=torch.long, device=device).unsqueeze(1)  # (T, 1)
                    with torch.no_grad():
                        for _ in range(length):
                            if CONTEXT is None:
                                logits, state = model(x, state)
                            else:
                                logits, _ = model(torch.tensor((ids + out)[-CONTEXT:], dtype=torch.long, device=device).unsqueeze(1))
                            probs = torch.softmax(logits[-1, 0] / temperature, -1)
                            nxt = int(torch.multinomial(probs, 1))
                            out.append(nxt)
                            x = torch.tensor([[nxt]], dtype=torch.long, device=device)
                    return prime + vocab.decode(out)


                def main(argv):
                    path = argv[1] if len(argv) > 1 else DEFAULT_CHECKPOINT
                    model, vocab = load(path)
                    n = sum(p.numel() for p in model.parameters())
                    print(f"loaded {MODEL_NAME} ({n:,} parameters) from {path}")
                    if SEQ2SEQ:
                        src = [i for i, t in enumerate(vocab.tokens if vocab else []) if not t.startswith("<")][:5] or [0]
                        out = model.translate(src)
                        print(f"translate {src} -> {out}" + (f": {vocab.decode(src)!r} -> {vocab.decode(out)!r}" if vocab else ""))
                    elif NEXT_SENTENCE and vocab is not None:
                        plain = [i for i, t in enumerate(vocab.tokens) if not t.startswith("<")]
                        a, b = vocab.decode(plain[:3]), vocab.decode(plain[3:6])
                        x, segments = pair(vocab, a, b)
                        with torch.no_grad():
                            _, nsp = model.predict(x, segments=segments)
                        print(f"next-sentence head on {a!r} [SEP] {b!r}: IsNext {float(nsp[0, 0]):.4f}  NotNext {float(nsp[0, 1]):.4f}")
                    elif NEXT_TOKEN and vocab is not None:
                        print(generate(model, vocab, length=200, temperature=0.8))
                    else:
                        x = torch.zeros(10, 1, dtype=torch.long) if TOKENS else torch.zeros(10, 1, INPUT_WIDTH)
                        with torch.no_grad():
                            y, _ = model.predict(x)
                        print(f"output for a batch of one sequence of 10 zeros: shape {tuple(y.shape)}")
                        print(y.squeeze())


                if __name__ == "__main__":
                    main(sys.argv)
                """;
    }
}
