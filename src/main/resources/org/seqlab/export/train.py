"""Continues a seqlab training run in PyTorch; written by seqlab's `export pytorch "DIR/" training`.

    python3 train.py [--steps N] [--out FILE] [--device cpu|cuda]        # one process
    torchrun --nproc_per_node=N train.py [...]                           # DistributedDataParallel, N processes

Beside this file: model.py (the module; its state_dict() keys are seqlab's parameter names), checkpoint.safetensors
(seqlab's save: weights, optimizer moments and step, the data position, the carried recurrent state),
data.safetensors (the token ids seqlab trains on, train and validation), run.json (the run's options), feeds.py (the
batches, as seqlab's feeds give them) and seqlab_io.py (safetensors in seqlab's layout).

The run goes on as seqlab's would: the same loss (mean cross-entropy over the batch's target tokens), optimizer
(moments and step count restored), learning-rate schedule and warm-up at the same position, clipping by global norm,
weight decay on matrices only, the same batches in the same order from the saved position (a corpus: truncated BPTT
over B contiguous streams, the state carried from batch to batch and zeroed when an epoch starts over; examples and
seq2seq pairs: shuffled per epoch as seqlab shuffles them, padded; objective=masked: the corpus's windows, each batch
masked as seqlab masks it, the loss on the masked positions; objective=masked+next_sentence: sentence pairs <cls> A <sep> B <sep> drawn as seqlab
draws them, masked, the loss the masked-token loss plus the next-sentence loss), the decoder's teacher forcing (below 1 or
scheduled: its own greedy choice where seqlab's coin, whose stream this continues draw for draw, says so), and the
same validation (as often, on as many batches). The train statement's dropout= is in force (run.json's dropout; or
--dropout), but dropout's masks are PyTorch's own: seqlab's mask streams cannot be continued here, so a run with
dropout above 0 goes on with the same rate but not the same losses. Under torchrun each process (rank) trains on its own B/N rows of every batch (B must divide
by N) and DDP averages the gradients, which is the same step as one process on all B rows; gloo on CPU, nccl with
--device cuda. Ranks can also be started by hand with the variables torchrun sets (RANK, WORLD_SIZE, LOCAL_RANK,
MASTER_ADDR, MASTER_PORT).

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

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from feeds import FEEDS  # noqa: E402  (beside this file)
from seqlab_io import read_safetensors, write_safetensors  # noqa: E402


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


def validation_batches(run, total):
    """seqlab's TrainConfig.validationBatches: val_batches as given (0: all); left out (val_budget), one per ten steps
    of a short run, at least one and at most val_batches."""
    vb = run["val_batches"]
    if vb <= 0 or not run.get("val_budget", False):
        return vb
    return max(1, min(vb, total // 10))


def validation_interval(run, total):
    """seqlab's TrainConfig.validationInterval: val_every, else about ten per run, at most 200 and at least
    20 * batches / 3 steps apart (a validation batch costs about two thirds of a training step)."""
    if run["val_every"] > 0:
        return run["val_every"]
    often = max(1, min(200, total // 10))
    b = validation_batches(run, total)
    return max(often, math.ceil(10 * (2.0 / 3) * b - 1e-9)) if b > 0 else often


def set_dropout(model, p):
    """train's dropout=p: every dropout site of the model at p (dropout layers, between stacked recurrent layers,
    attention weights, inside transformer blocks), as seqlab's override does for its run."""
    for m in model.modules():
        if isinstance(m, torch.nn.Dropout):
            m.p = p
        elif isinstance(m, torch.nn.RNNBase):
            if m.num_layers > 1:
                m.dropout = p
        elif isinstance(getattr(m, "dropout", None), float):
            m.dropout = p


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
        """Ends the run. Several ranks leave at once without Python's teardown: under torch 1.13, freeing the DDP
        model at interpreter exit joins a gloo thread while holding the GIL, which that thread waits for, and a rank
        could hang at full CPU after its last step."""
        if self.world > 1:
            self.dist.barrier()
            self.dist.destroy_process_group()
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(0)


# ---- the run -------------------------------------------------------------------------------------------------------

def number(x):
    """A float as Java's Double.parseDouble reads it (NaN, Infinity)."""
    if math.isnan(x):
        return "NaN"
    return repr(x) if math.isfinite(x) else ("Infinity" if x > 0 else "-Infinity")


def scored(feed, model, batch, seq, limit):
    """The feed's validation loss, dropout off."""
    was = model.training
    model.eval()
    try:
        return feed.validate(model, batch, seq, limit)
    finally:
        model.train(was)


def load_module(path):
    spec = importlib.util.spec_from_file_location("seqlab_model", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def main(argv):
    ap = argparse.ArgumentParser(description="continue seqlab's training run in PyTorch: the same batches, optimizer,"
                                 " schedule and teacher forcing; dropout's masks are PyTorch's own, not seqlab's")
    ap.add_argument("--steps", type=int, help="steps to run (default: the rest of the original run)")
    ap.add_argument("--out", help="checkpoint to write (default: continued.safetensors beside this file)")
    ap.add_argument("--device", default="cpu", help="cpu or cuda")
    ap.add_argument("--checkpoint", help="checkpoint to start from (default: the exported one)")
    ap.add_argument("--dropout", type=float, help="dropout rate at every dropout site (default: the run's dropout=, else "
                    "the model's own rates); the masks are PyTorch's, not seqlab's")
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
    dropout = args.dropout if args.dropout is not None else run.get("dropout")
    if dropout is not None:
        set_dropout(model, dropout)
    model.to(ranks.device).train()
    named = [(n, p) for n, p in model.named_parameters() if p.requires_grad]
    params = [p for _, p in named]

    data, _ = read_safetensors(os.path.join(HERE, run["data"]))
    feed = FEEDS[run["feed"]](run, data, tensors, meta, ranks)
    step = int(meta.get("step", "0"))
    opt_steps = int(meta.get("optimizer.steps", str(step)))

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
        print(f"continuing {run['model']} at step {step} (batch position {feed.position}) for {steps} steps"
              f" on {ranks.world} process{'es' if ranks.world > 1 else ''} ({ranks.device})", flush=True)
        if dropout is not None:
            print(f"dropout {dropout:g} at every dropout site" + (" (--dropout)" if args.dropout is not None
                  else " (the run's dropout=)") + "; its masks are PyTorch's", flush=True)

    history = [meta["history"]] if meta.get("history") else []
    for i in range(steps):
        k = k0 + i
        lr = rate(run["schedule"], run["lr"], run["warmup"], k, length)
        for g in opt.param_groups:
            g["lr"] = lr
        feed.run_at = (k, length)                        # seq2seq's scheduled teacher forcing reads it
        loss_sum, count = feed.forward(net)
        loss_total, count_total = ranks.total(loss_sum.item(), count)
        opt.zero_grad()
        (loss_sum * (ranks.world / max(count_total, 1))).backward()   # DDP averages: the mean over all ranks' tokens
        if run["clip"] > 0:
            norm = float(torch.nn.utils.clip_grad_norm_(params, run["clip"]))
        else:
            norm = math.sqrt(sum(float(p.grad.double().pow(2).sum()) for p in params if p.grad is not None))
        mean_loss = loss_total / max(count_total, 1)
        if not (math.isfinite(mean_loss) and math.isfinite(norm)):
            if talk:
                print(f"training stopped: loss {mean_loss} / gradient norm {norm} at step {step + 1}; no update made")
            break
        opt.step()
        feed.updated()
        step, opt_steps = step + 1, opt_steps + 1
        line = f"step {step} ({k + 1}/{length}) loss {mean_loss:.8f} lr {lr:.4g} norm {norm:.4f}"
        val = float("nan")
        if (k + 1) % interval == 0 or feed.epoch_ended() or k + 1 == length or i + 1 == steps:
            val = scored(feed, model, run["batch"], run["seq"], validation_batches(run, length))
            line += f" val_loss {val:.6f}"
        history.append(",".join([str(step), str(feed.epoch())] + [number(v) for v in (mean_loss, val, lr, norm)]))
        if talk:
            print(line, flush=True)

    evaluated = scored(feed, model, run["evaluate_batch"], run["evaluate_seq"], 0)
    out_tensors = dict(model.state_dict())
    out_tensors.update(optimizer_tensors(opt, run, named))
    out_tensors.update(feed.checkpoint_tensors())
    meta.update({"step": str(step), "optimizer.steps": str(opt_steps), "history": ";".join(history)})
    meta.update(feed.metadata())
    out = args.out or os.path.join(HERE, "continued.safetensors")
    if talk:
        write_safetensors(out, out_tensors, meta)
        print(f"evaluate: loss {evaluated:.6f} on the validation split (batch={run['evaluate_batch']}"
              + (f" seq={run['evaluate_seq']}" if run["feed"] in ("stream", "masked", "next_sentence") else "") + ", as seqlab's evaluate after load)")
        print(f"wrote {out} (step {step}); in seqlab: load \"{out}\"", flush=True)
    ranks.close()


if __name__ == "__main__":
    main(sys.argv[1:])
