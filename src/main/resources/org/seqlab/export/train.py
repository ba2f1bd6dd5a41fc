"""Continues a seqlab training run in PyTorch; written by seqlab's `export pytorch "DIR/" training`.

    python3 train.py [--steps N] [--out FILE] [--device cpu|cuda]        # one process
    torchrun --nproc_per_node=N train.py [...]                           # DistributedDataParallel, N processes

Beside this file: model.py (the module; its state_dict() keys are seqlab's parameter names), checkpoint.safetensors
(seqlab's save: weights, optimizer moments and step, the data position, the carried recurrent state),
data.safetensors (the token ids seqlab trains on: train and validation) and run.json (the run's options).

The run goes on as seqlab's would: the same loss (mean cross-entropy over the batch's tokens), optimizer (moments and
step count restored), learning-rate schedule and warm-up at the same position, clipping by global norm, weight decay
on matrices only, truncated BPTT over B contiguous streams with the state carried from batch to batch (zeroed when an
epoch starts over), the same batches in the same order from the saved position, and the same validation. Dropout is
PyTorch's, so its masks are not seqlab's. Under torchrun each process (rank) trains on its own B/N of the streams
(B must divide by N) and DDP averages the gradients, which is the same step as one process on all B streams; gloo on
CPU, nccl with --device cuda. Ranks can also be started by hand with the variables torchrun sets (RANK, WORLD_SIZE,
LOCAL_RANK, MASTER_ADDR, MASTER_PORT).

At the end it writes a checkpoint in seqlab's layout (--out; default continued.safetensors here) that seqlab's
`load` accepts, and prints the loss seqlab's `evaluate` reports for it after `load`.
"""
import argparse
import importlib.util
import json
import math
import os
import struct
import sys

import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
DTYPES = {"F32": torch.float32, "F64": torch.float64, "I64": torch.int64, "I32": torch.int32}
DIGEST_KEY = "seqlab.crc32c"


# ---- safetensors, read and written by hand (seqlab's layout and checksum) ----------------------------------------

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


# ---- the data: seqlab's stream batcher ----------------------------------------------------------------------------

class Streams:
    """seqlab's StreamBatcher: the split cut into `batch` contiguous rows of (N-1)//batch tokens; batch k of an epoch
    holds in row b the tokens [b*row + k*seq, +seq) and, as targets, the same window shifted by one."""

    def __init__(self, ids, batch, seq):
        self.ids, self.batch, self.seq = ids, batch, seq
        self.row = max(0, (len(ids) - 1) // batch)
        self.per_epoch = self.row // seq
        if self.per_epoch == 0:
            raise SystemExit(f"the split has {len(ids)} tokens, too few for one batch of batch={batch} seq={seq}")

    @staticmethod
    def fitting(ids, batch, seq):
        """At most batch rows and seq steps, fewer where the split is short (as seqlab's validation)."""
        s = min(seq, len(ids) - 1)
        return Streams(ids, max(1, min(batch, (len(ids) - 1) // s)), s)

    def at(self, position, rows):
        """Inputs and targets (T, len(rows)) of the batch at `position` (batches given so far), and whether it starts
        an epoch (the carried state is zeroed then)."""
        index = position % self.per_epoch
        starts = torch.tensor(rows, dtype=torch.long) * self.row + index * self.seq
        at = starts.unsqueeze(0) + torch.arange(self.seq).unsqueeze(1)          # (T, B)
        return self.ids[at], self.ids[at + 1], index == 0


# ---- the run's rules, as seqlab's Trainer has them -----------------------------------------------------------------

def f32(x):
    return struct.unpack("<f", struct.pack("<f", x))[0]


def rate(kind, lr, warmup, t, total):
    """seqlab's Schedule.rate: linear warm-up over `warmup` steps, then constant, cosine, linear or step."""
    if t < warmup:
        return f32(f32(lr * (t + 1)) / warmup)
    span = max(1, total - warmup)
    p = min(1.0, (t - warmup) / span)
    if kind == "cosine":
        return f32(lr * 0.5 * (1 + math.cos(math.pi * p)))
    if kind == "linear":
        return f32(lr * (1 - p))
    if kind == "step":
        return f32(lr * (0.01 if p >= 0.75 else 0.1 if p >= 0.5 else 1.0))
    return lr


def validation_interval(run, total):
    """seqlab's TrainConfig.validationInterval."""
    if run["val_every"] > 0:
        return run["val_every"]
    often = max(1, min(200, total // 10))
    vb = run["val_batches"]
    return max(often, (10 * vb + 2) // 3) if vb > 0 else often


def make_optimizer(run, named):
    """The configured optimizer; weight decay only on matrices and tables (seqlab's rule), as two parameter groups."""
    wd = run["weight_decay"]
    decay = [p for _, p in named if p.dim() >= 2]
    rest = [p for _, p in named if p.dim() < 2]
    groups = [g for g in ({"params": decay, "weight_decay": wd}, {"params": rest, "weight_decay": 0.0}) if g["params"]]
    kind, lr = run["optimizer"], run["lr"]
    if kind == "adam":
        return torch.optim.Adam(groups, lr=lr, betas=(run["beta1"], run["beta2"]), eps=run["eps"])
    if kind == "adamw":
        return torch.optim.AdamW(groups, lr=lr, betas=(run["beta1"], run["beta2"]), eps=run["eps"])
    if kind == "sgd":
        return torch.optim.SGD(groups, lr=lr, momentum=run["momentum"], nesterov=run["nesterov"])
    if kind == "rmsprop":
        return torch.optim.RMSprop(groups, lr=lr, alpha=0.99, eps=1e-8, momentum=run["momentum"])
    raise SystemExit(f"run.json names optimizer {kind!r}; train.py knows adam, adamw, sgd, rmsprop")


STATE_NAMES = {"adam": ["exp_avg", "exp_avg_sq"], "adamw": ["exp_avg", "exp_avg_sq"], "sgd": ["momentum_buffer"],
               "rmsprop": ["square_avg", "momentum_buffer"]}


def restore_optimizer(opt, run, named, tensors, steps, device):
    """The moments seqlab saved (optim.PARAM.STATE) and its step count, as PyTorch's optimizer state."""
    kind = run["optimizer"]
    newer = int(torch.__version__.split(".")[0]) >= 2
    for name, p in named:
        state = {}
        for key in STATE_NAMES[kind]:
            t = tensors.get(f"optim.{name}.{key}")
            if t is not None:
                state[key] = t.clone().to(device)
        if kind in ("adam", "adamw") and steps > 0:
            state["step"] = torch.tensor(float(steps))
        elif kind == "rmsprop" and steps > 0:
            state["step"] = torch.tensor(float(steps)) if newer else steps
        elif kind == "sgd" and steps == 0:
            state = {}                                   # the first step takes the gradient as its buffer
        if state:
            opt.state[p] = state


def optimizer_tensors(opt, run, named):
    out = {}
    for name, p in named:
        for key in STATE_NAMES[run["optimizer"]]:
            t = opt.state.get(p, {}).get(key)
            if t is not None:
                out[f"optim.{name}.{key}"] = t
    return out


# ---- distributed -------------------------------------------------------------------------------------------------

class Ranks:
    """This process's place among torchrun's processes (one process: rank 0 of 1)."""

    def __init__(self, device):
        self.world = int(os.environ.get("WORLD_SIZE", "1"))
        self.rank = int(os.environ.get("RANK", "0"))
        self.local = int(os.environ.get("LOCAL_RANK", "0"))
        self.device = torch.device(f"cuda:{self.local}" if device == "cuda" else device)
        if device == "cuda":
            torch.cuda.set_device(self.device)
        if self.world > 1:
            import torch.distributed as dist
            self.dist = dist
            dist.init_process_group("nccl" if device == "cuda" else "gloo", init_method="env://")

    def total(self, *values):
        """Sums of the values over all ranks (as floats)."""
        t = torch.tensor(values, dtype=torch.float64, device=self.device if self.device.type == "cuda" else "cpu")
        if self.world > 1:
            self.dist.all_reduce(t)
        return t.tolist()

    def gather_rows(self, t):
        """Concatenates every rank's rows (dim 1) of a (L, b, H) state tensor, in rank order."""
        if self.world == 1:
            return t
        parts = [torch.empty_like(t) for _ in range(self.world)]
        self.dist.all_gather(parts, t.contiguous())
        return torch.cat(parts, 1)

    def close(self):
        if self.world > 1:
            self.dist.barrier()
            self.dist.destroy_process_group()


# ---- carried recurrent state ---------------------------------------------------------------------------------------

def saved_state(tensors, rows, device):
    """The carried state from the checkpoint (state.LAYER.hidden|cell, (layers*dirs, B, H)), this rank's rows."""
    state = {}
    for key, t in tensors.items():
        if key.startswith("state.") and key.endswith(".hidden"):
            layer = key[len("state."):-len(".hidden")]
            h = t[:, rows].clone().to(device)
            c = tensors.get(f"state.{layer}.cell")
            state[layer] = (h, c[:, rows].clone().to(device)) if c is not None else h
    return state


def detach(state):
    return {k: tuple(x.detach() for x in v) if isinstance(v, tuple) else v.detach() for k, v in state.items()}


def state_tensors(state, ranks):
    out = {}
    for layer, v in state.items():
        h, c = v if isinstance(v, tuple) else (v, None)
        out[f"state.{layer}.hidden"] = ranks.gather_rows(h)
        if c is not None:
            out[f"state.{layer}.cell"] = ranks.gather_rows(c)
    return out


# ---- validation, as seqlab's Evaluator ------------------------------------------------------------------------------

def validate(model, ids, batch, seq, limit, ranks):
    """Mean loss over the validation split's first `limit` batches (0: all), streams from a zero state, carried from
    batch to batch; each rank scores every world-th row and the sums are added up."""
    streams = Streams.fitting(ids, batch, seq)
    rows = list(range(streams.batch))[ranks.rank::ranks.world]
    batches = min(limit, streams.per_epoch) if limit > 0 else streams.per_epoch
    total, count, state = 0.0, 0, None
    was = model.training
    model.eval()
    with torch.no_grad():
        for k in range(batches if rows else 0):
            x, y, _ = streams.at(k, rows)
            logits, state = model(x.to(ranks.device), state)
            total += F.cross_entropy(logits.reshape(-1, logits.shape[-1]), y.to(ranks.device).reshape(-1),
                                     reduction="sum").item()
            count += y.numel()
    model.train(was)
    total, count = ranks.total(total, count)
    return total / count


# ---- the run -------------------------------------------------------------------------------------------------------

def load_module(path):
    spec = importlib.util.spec_from_file_location("seqlab_model", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def main(argv):
    ap = argparse.ArgumentParser(description="continue seqlab's training run in PyTorch")
    ap.add_argument("--steps", type=int, help="steps to run (default: the rest of the original run)")
    ap.add_argument("--out", help="checkpoint to write (default: continued.safetensors beside this file)")
    ap.add_argument("--device", default="cpu", help="cpu or cuda")
    ap.add_argument("--checkpoint", help="checkpoint to start from (default: the exported one)")
    args = ap.parse_args(argv)
    with open(os.path.join(HERE, "run.json"), encoding="utf-8") as f:
        run = json.load(f)
    if args.device == "cuda" and not torch.cuda.is_available():
        raise SystemExit("--device cuda: PyTorch sees no GPU here")
    ranks = Ranks(args.device)
    talk = ranks.rank == 0

    module = load_module(os.path.join(HERE, run["module"]))
    start = args.checkpoint or os.path.join(HERE, run["checkpoint"])
    tensors, meta = read_safetensors(start)
    model = module.MODEL_CLASS()
    own = model.state_dict()
    missing = [k for k in own if k not in tensors]
    if missing:
        raise SystemExit(f"{start} has no tensor {missing[0]!r}: was it saved from model {run['model']!r}?")
    model.load_state_dict({k: tensors[k] for k in own})
    model.to(ranks.device).train()
    named = [(n, p) for n, p in model.named_parameters() if p.requires_grad]
    params = [p for _, p in named]

    data, _ = read_safetensors(os.path.join(HERE, run["data"]))
    train_ids, val_ids = data["train"].long(), data["validation"].long()
    batch, seq = run["batch"], run["seq"]
    if batch % ranks.world:
        raise SystemExit(f"batch={batch} streams do not divide among {ranks.world} processes: use a divisor of {batch}")
    per = batch // ranks.world
    rows = list(range(ranks.rank * per, (ranks.rank + 1) * per))
    streams = Streams(train_ids, batch, seq)

    step = int(meta.get("step", "0"))
    opt_steps = int(meta.get("optimizer.steps", str(step)))
    same_layout = meta.get("batcher.key") == run["batcher_key"]
    position = int(meta.get("batcher.step", "0")) if same_layout else 0
    state = saved_state(tensors, rows, ranks.device) if same_layout else {}
    if state and any((v[0] if isinstance(v, tuple) else v).shape[1] != per for v in state.values()):
        state = {}

    opt = make_optimizer(run, named)
    restore_optimizer(opt, run, named, tensors, opt_steps, ranks.device)
    net = model
    if ranks.world > 1:
        from torch.nn.parallel import DistributedDataParallel
        net = DistributedDataParallel(model, device_ids=[ranks.device.index] if args.device == "cuda" else None)

    done, total = run["run_step"], run["run_total"]
    if 0 < done < total:
        k0, length = done, total                         # the run was stopped: its schedule goes on where it was
        steps = args.steps if args.steps is not None else total - done
    else:
        k0 = 0                                           # a new run with the same options, as seqlab's next train
        steps = args.steps if args.steps is not None else total
        length = steps
    if steps <= 0:
        raise SystemExit("no steps to run: give --steps N")
    interval = validation_interval(run, length)
    torch.manual_seed(int(meta.get("seed", "1")) * 1000003 + step * 31 + ranks.rank)
    if talk:
        print(f"continuing {run['model']} at step {step} (batch position {position}) for {steps} steps"
              f" on {ranks.world} process{'es' if ranks.world > 1 else ''} ({ranks.device})", flush=True)

    last_val = float("nan")
    for i in range(steps):
        k = k0 + i
        lr = rate(run["schedule"], run["lr"], run["warmup"], k, length)
        for g in opt.param_groups:
            g["lr"] = lr
        x, y, first = streams.at(position, rows)
        if first:
            state = {}
        logits, new_state = net(x.to(ranks.device), state or None)
        loss = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), y.to(ranks.device).reshape(-1))
        opt.zero_grad()
        loss.backward()
        if run["clip"] > 0:
            norm = float(torch.nn.utils.clip_grad_norm_(params, run["clip"]))
        else:
            norm = math.sqrt(sum(float(p.grad.double().pow(2).sum()) for p in params if p.grad is not None))
        (mean_loss,) = ranks.total(loss.item())
        mean_loss /= ranks.world
        if not (math.isfinite(mean_loss) and math.isfinite(norm)):
            if talk:
                print(f"training stopped: loss {mean_loss} / gradient norm {norm} at step {step + 1}; no update made")
            break
        opt.step()
        state = detach(new_state)
        step, opt_steps, position = step + 1, opt_steps + 1, position + 1
        line = f"step {step} ({k + 1}/{length}) loss {mean_loss:.8f} lr {lr:.4g} norm {norm:.4f}"
        epoch_ended = position % streams.per_epoch == 0
        if (k + 1) % interval == 0 or epoch_ended or k + 1 == length or i + 1 == steps:
            last_val = validate(model, val_ids, batch, seq, run["val_batches"], ranks)
            line += f" val_loss {last_val:.6f}"
        if talk:
            print(line, flush=True)

    evaluated = validate(model, val_ids, run["evaluate_batch"], run["evaluate_seq"], 0, ranks)
    out_tensors = {k: v for k, v in model.state_dict().items()}
    out_tensors.update(optimizer_tensors(opt, run, named))
    if state:
        out_tensors.update(state_tensors(state, ranks))
    meta.update({"step": str(step), "optimizer.steps": str(opt_steps), "batcher.key": run["batcher_key"],
                 "batcher.step": str(position)})
    out = args.out or os.path.join(HERE, "continued.safetensors")
    if talk:
        write_safetensors(out, out_tensors, meta)
        print(f"evaluate: loss {evaluated:.6f} on the validation split (batch={run['evaluate_batch']}"
              f" seq={run['evaluate_seq']}, as seqlab's evaluate after load)")
        print(f"wrote {out} (step {step}); in seqlab: load \"{out}\"", flush=True)
    ranks.close()


if __name__ == "__main__":
    main(sys.argv[1:])
