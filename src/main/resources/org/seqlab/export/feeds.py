"""The batches of a seqlab run, as seqlab's feeds give them, for train.py: StreamFeed (a corpus: truncated BPTT over
B contiguous streams, the state carried), PairFeed (an encoder-decoder's seq2seq pairs, shuffled per epoch with
seqlab's generator), ExampleFeed (an example set: classification, regression, labelling, shuffled likewise),
MaskedFeed (objective=masked: a corpus's windows, each batch masked by MaskedLm as seqlab's MaskedLm masks it) and
NextSentenceFeed (objective=masked+next_sentence: sentence pairs drawn as seqlab's SentencePairs draws them, masked). Each rank of a distributed run reads its own rows of every batch; the losses are sums, which
train.py divides by the count over all ranks, so N processes take the step one process would."""
import math

import torch
import torch.nn.functional as F


def rows_of(batch, ranks):
    """This rank's contiguous rows of a training batch (batch must divide by the number of processes)."""
    if batch % ranks.world:
        raise SystemExit(f"batch={batch} does not divide among {ranks.world} processes: use a divisor of {batch}")
    per = batch // ranks.world
    return list(range(ranks.rank * per, (ranks.rank + 1) * per))


# ---- a corpus: seqlab's StreamFeed -------------------------------------------------------------------------------

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


def detach(state):
    return {k: tuple(x.detach() for x in v) if isinstance(v, tuple) else v.detach() for k, v in state.items()}


class Epochs:
    """What every feed says of its place in the run: `position` is the batches taken so far, `per_epoch` the batches
    in one epoch."""

    def epoch_ended(self):
        return self.position % self.per_epoch == 0

    def epoch(self):
        """The epoch (1-based) of the batch just taken."""
        return -(-self.position // self.per_epoch)


class StreamFeed(Epochs):
    """Next-token training on a corpus, state carried from batch to batch, zeroed when an epoch starts over."""

    def __init__(self, run, data, tensors, meta, ranks):
        self.run, self.ranks = run, ranks
        self.streams = Streams(data["train"].long(), run["batch"], run["seq"])
        self.per_epoch = self.streams.per_epoch
        self.val = data["validation"].long()
        self.rows = rows_of(run["batch"], ranks)
        same = meta.get("batcher.key") == run["batcher_key"]
        self.position = int(meta.get("batcher.step", "0")) if same else 0
        self.state = self.saved_state(tensors) if same else {}
        self.pending = None

    def saved_state(self, tensors):
        """The carried state from the checkpoint (state.LAYER.hidden|cell, (layers*dirs, B, H)), this rank's rows."""
        state = {}
        for key, t in tensors.items():
            if key.startswith("state.") and key.endswith(".hidden"):
                if t.shape[1] != self.run["batch"]:
                    return {}
                layer = key[len("state."):-len(".hidden")]
                h = t[:, self.rows].clone().to(self.ranks.device)
                c = tensors.get(f"state.{layer}.cell")
                state[layer] = (h, c[:, self.rows].clone().to(self.ranks.device)) if c is not None else h
        return state

    def forward(self, net):
        """The loss summed over this rank's tokens, and their count."""
        x, y, first = self.streams.at(self.position, self.rows)
        if first:
            self.state = {}
        logits, self.pending = net(x.to(self.ranks.device), self.state or None)
        loss = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), y.to(self.ranks.device).reshape(-1), reduction="sum")
        return loss, y.numel()

    def updated(self):
        self.state = detach(self.pending)
        self.position += 1

    def validate(self, model, batch, seq, limit):
        """seqlab's Evaluator: mean loss over the split's first `limit` batches (0: all), streams from a zero state,
        carried from batch to batch; each rank scores every world-th row and the sums are added up."""
        ranks = self.ranks
        streams = Streams.fitting(self.val, batch, seq)
        rows = list(range(streams.batch))[ranks.rank::ranks.world]
        batches = min(limit, streams.per_epoch) if limit > 0 else streams.per_epoch
        total, count, state = 0.0, 0, None
        with torch.no_grad():
            for k in range(batches if rows else 0):
                x, y, _ = streams.at(k, rows)
                logits, state = model(x.to(ranks.device), state)
                total += F.cross_entropy(logits.reshape(-1, logits.shape[-1]), y.to(ranks.device).reshape(-1),
                                         reduction="sum").item()
                count += y.numel()
        total, count = ranks.total(total, count)
        return total / count

    def checkpoint_tensors(self):
        """The carried state of every row (gathered from the ranks) as seqlab stores it."""
        out = {}
        for layer, v in self.state.items():
            h, c = v if isinstance(v, tuple) else (v, None)
            out[f"state.{layer}.hidden"] = self.ranks.gather_rows(h)
            if c is not None:
                out[f"state.{layer}.cell"] = self.ranks.gather_rows(c)
        return out

    def metadata(self):
        return {"batcher.key": self.run["batcher_key"], "batcher.step": str(self.position)}


# ---- seq2seq pairs: seqlab's Seq2SeqFeed -------------------------------------------------------------------------

M64 = (1 << 64) - 1
GOLDEN_GAMMA = 0x9E3779B97F4A7C15


class SplittableRandom:
    """java.util.SplittableRandom (nextInt(bound), nextDouble), which seqlab's ExampleBatcher shuffles with and its
    MaskedLm masks with."""

    def __init__(self, seed):
        self.seed = seed & M64

    def next_int(self):
        """The next 32 bits, unsigned."""
        self.seed = (self.seed + GOLDEN_GAMMA) & M64
        z = ((self.seed ^ (self.seed >> 33)) * 0x62A9D9ED799705F5) & M64
        return (((z ^ (z >> 28)) * 0xCB24D0A5C88C35B3) & M64) >> 32

    def next_long(self):
        """The next 64 bits, unsigned (Java's nextLong, mix64 of the next seed)."""
        self.seed = (self.seed + GOLDEN_GAMMA) & M64
        z = ((self.seed ^ (self.seed >> 30)) * 0xBF58476D1CE4E5B9) & M64
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M64
        return z ^ (z >> 31)

    def next_double(self):
        """Java's nextDouble: the top 53 bits of nextLong over 2^53, in [0, 1)."""
        return (self.next_long() >> 11) * (1.0 / (1 << 53))

    def below(self, bound):
        r, m = self.next_int(), bound - 1
        if bound & m == 0:
            return r & m
        u = r >> 1
        while True:
            r = u % bound
            if u + m - r < 1 << 31:                          # Java: the int sum did not overflow
                return r
            u = self.next_int() >> 1


class SeedStream:
    """seqlab's SeedStream, java.util.Random's generator with its 48-bit state in the open: the teacher-forcing coin
    (checkpoints keep its state as forcing.coin)."""
    MULTIPLIER, ADDEND, MASK = 0x5DEECE66D, 0xB, (1 << 48) - 1

    def __init__(self, seed=0, state=None):
        self.state = (seed ^ self.MULTIPLIER) & self.MASK if state is None else state & self.MASK

    def next(self, bits):
        self.state = (self.state * self.MULTIPLIER + self.ADDEND) & self.MASK
        return self.state >> (48 - bits)

    def next_double(self):
        """A uniform double in [0, 1), as Random.nextDouble()."""
        return ((self.next(26) << 27) + self.next(27)) * 2.0 ** -53


COIN_SALT = 0x5EED5EED                                   # seqlab's TrainState: the coin is seeded apart from the shuffles


def forcing_ratio(forcing, k, total):
    """seqlab's Forcing.at: the teacher-forcing ratio at step k (0-based) of a run of `total` steps; "scheduled"
    falls linearly from 1 at the first step to 0 at the last."""
    if forcing == "scheduled":
        return max(0.0, 1 - k / max(1, total - 1))
    return float(forcing)


class Pairs:
    """One split's (source, target) token-id pairs, stored flat with offsets."""

    def __init__(self, data, split):
        self.src, self.src_off = data[f"{split}.source"].tolist(), data[f"{split}.source_offsets"].tolist()
        self.tgt, self.tgt_off = data[f"{split}.target"].tolist(), data[f"{split}.target_offsets"].tolist()
        self.size = len(self.src_off) - 1

    def source(self, e):
        return self.src[self.src_off[e]:self.src_off[e + 1]]

    def target(self, e):
        return self.tgt[self.tgt_off[e]:self.tgt_off[e + 1]]


class PairFeed(Epochs):
    """An encoder-decoder's training on seq2seq pairs: batches of B examples in an order shuffled per epoch from the
    layout's seed (the last batch of an epoch is short: its empty rows weigh nothing), every batch from a zero state;
    the decoder reads <bos> y1 .. yn and predicts y1 .. yn <eos>. Below teacher_forcing=1 (or scheduled) some of
    what it reads is its own greedy choice instead, drawn with seqlab's coin (see mixed)."""

    def __init__(self, run, data, tensors, meta, ranks):
        self.run, self.ranks = run, ranks
        self.train, self.val = Pairs(data, "train"), Pairs(data, "validation")
        self.batch = run["batch"]
        self.rows = rows_of(self.batch, ranks)
        same = meta.get("batcher.key") == run["batcher_key"]
        self.position = int(meta.get("batcher.step", "0")) if same else 0
        self.seed = int(meta["batcher.seed"]) if same and "batcher.seed" in meta else int(run["seed"])
        self.per_epoch = (self.train.size + self.batch - 1) // self.batch
        self.shuffled = (None, None)
        self.forcing = run.get("teacher_forcing", 1.0)
        coin = meta.get("forcing.coin") if same else None
        self.coin = SeedStream(state=int(coin)) if coin is not None else SeedStream(self.seed ^ COIN_SALT)
        self.run_at = (0, 1)                             # (k, total): the step of the run about to be taken (train.py)
        self.kept_coin = self.coin.state                 # the coin after the last step taken (a refused step draws again)

    def order(self, epoch):
        """seqlab's ExampleBatcher.arrange: a Fisher-Yates shuffle from SplittableRandom(seed * gamma + epoch)."""
        if self.shuffled[0] != epoch:
            order = list(range(self.train.size))
            rnd = SplittableRandom(self.seed * GOLDEN_GAMMA + epoch)
            for i in range(len(order) - 1, 0, -1):
                j = rnd.below(i + 1)
                order[i], order[j] = order[j], order[i]
            self.shuffled = (epoch, order)
        return self.shuffled[1]

    def tensors(self, pairs, examples, rows):
        """Time-major source (T, b), decoder inputs and targets (U, b) and lengths (b) of `rows` of a batch of
        `examples` (None: an empty row, length 1, targets -1); T and U are the whole batch's longest, as in seqlab."""
        real = [e for e in examples if e is not None]
        time = max(len(pairs.source(e)) for e in real)
        target_time = max(len(pairs.target(e)) + 1 for e in real)
        pad, bos, eos = self.run["pad"], self.run["bos"], self.run["eos"]
        src = torch.full((time, len(rows)), pad, dtype=torch.long)
        dec_in = torch.full((target_time, len(rows)), pad, dtype=torch.long)
        dec_tgt = torch.full((target_time, len(rows)), -1, dtype=torch.long)
        lengths = torch.ones(len(rows), dtype=torch.long)
        target_lengths = torch.ones(len(rows), dtype=torch.long)
        for j, r in enumerate(rows):
            e = examples[r]
            if e is None:
                continue
            s, t = pairs.source(e), pairs.target(e)
            src[:len(s), j] = torch.tensor(s, dtype=torch.long)
            lengths[j] = max(1, len(s))
            dec_in[0, j] = bos
            if t:
                dec_in[1:len(t) + 1, j] = torch.tensor(t, dtype=torch.long)
                dec_tgt[:len(t), j] = torch.tensor(t, dtype=torch.long)
            dec_tgt[len(t), j] = eos
            target_lengths[j] = len(t) + 1
        return src, dec_in, dec_tgt, lengths, target_lengths

    def loss(self, net, batch):
        src, dec_in, dec_tgt, lengths, target_lengths = batch
        device = self.ranks.device
        logits = net(src.to(device), dec_in.to(device), lengths, target_lengths)
        if isinstance(logits, tuple):
            logits = logits[0]
        loss = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), dec_tgt.to(device).reshape(-1), ignore_index=-1,
                               reduction="sum")
        return loss, int((dec_tgt >= 0).sum())

    def forward(self, net):
        """The loss summed over this rank's target tokens, and their count."""
        epoch, index = divmod(self.position, self.per_epoch)
        order, start = self.order(epoch), index * self.batch
        n = min(self.batch, self.train.size - start)
        examples = [order[start + r] if r < n else None for r in range(self.batch)]
        batch = self.tensors(self.train, examples, self.rows)
        ratio = forcing_ratio(self.forcing, *self.run_at)
        return self.loss(net, batch if ratio >= 1 else self.mixed(net, batch, ratio))

    def mixed(self, net, batch, ratio):
        """seqlab's Seq2SeqFeed.mixedInputs: each decoder input after <bos> is the target's token where the coin's draw
        is below `ratio`, else the model's greedy choice (argmax of the logits) at the step before, found by decoding
        step by step from the encoder's state without gradient or dropout; the teacher-forced pass over these inputs
        then trains, so no gradient flows through a choice (as in seqlab). The coin is drawn step by step for every row
        of the batch, other ranks' rows and empty rows too, so each rank's coin stays seqlab's."""
        src, dec_in, dec_tgt, lengths, target_lengths = batch
        steps, device = dec_in.shape[0], self.ranks.device
        draws = torch.tensor([[self.coin.next_double() for _ in range(self.batch)] for _ in range(steps - 1)],
                             dtype=torch.float64)
        teach = (draws < ratio)[:, self.rows]                                # (U-1, b)
        model = getattr(net, "module", net)                                  # DDP's module: this pass has no gradient
        was, mixed = model.training, dec_in.clone()
        model.eval()
        try:
            with torch.no_grad():
                memory, state = model.encode(src.to(device), lengths)
                cur = dec_in[:1].to(device)
                for t in range(steps - 1):
                    logits, state = model.decoder(cur, state, None, memory, lengths)
                    mixed[t + 1] = torch.where(teach[t], dec_in[t + 1], logits[0].argmax(-1).cpu())
                    cur = mixed[t + 1:t + 2].to(device)
        finally:
            model.train(was)
        return src, mixed, dec_tgt, lengths, target_lengths

    def updated(self):
        self.position += 1
        self.kept_coin = self.coin.state

    def validate(self, model, batch, seq, limit):
        """seqlab's Seq2SeqEval loss: the split in its order, batches of `batch`, the first `limit` (0: all);
        each rank scores every world-th row and the sums are added up."""
        ranks = self.ranks
        rows = list(range(batch))[ranks.rank::ranks.world]
        available = (self.val.size + batch - 1) // batch
        batches = min(limit, available) if limit > 0 else available
        total, count = 0.0, 0
        with torch.no_grad():
            for k in range(batches if rows else 0):
                n = min(batch, self.val.size - k * batch)
                examples = [k * batch + r if r < n else None for r in range(batch)]
                loss, counted = self.loss(model, self.tensors(self.val, examples, rows))
                total, count = total + loss.item(), count + counted
        total, count = ranks.total(total, count)
        return total / count if count else float("nan")

    def checkpoint_tensors(self):
        return {}

    def metadata(self):
        return {"batcher.key": self.run["batcher_key"], "batcher.step": str(self.position), "batcher.seed": str(self.seed),
                "forcing.coin": str(self.kept_coin)}


# ---- example sets: seqlab's ExamplesFeed -------------------------------------------------------------------------

class Examples:
    """One split's examples: inputs (token ids, or feature rows) with offsets in steps, per-step targets where the
    data has them, a label and a value per example."""

    def __init__(self, data, split):
        self.off = data[f"{split}.input_offsets"].tolist()
        self.ids = data[f"{split}.input"]
        self.features = data.get(f"{split}.features")
        self.targets = data.get(f"{split}.target")
        self.label = data[f"{split}.label"]
        self.value = data[f"{split}.value"]
        self.size = len(self.off) - 1

    def length(self, e):
        return self.off[e + 1] - self.off[e]


class ExampleFeed(Epochs):
    """Training batch by batch on an example set (classification, labelling, regression): B examples in an order
    shuffled per epoch from the run's seed (the last batch of an epoch is short and only its real rows go in), each
    right-padded to the batch's longest and run from a zero state with its lengths."""

    def __init__(self, run, data, tensors, meta, ranks):
        self.run, self.ranks = run, ranks
        self.train, self.val = Examples(data, "train"), Examples(data, "validation")
        self.batch = run["batch"]
        self.rows = rows_of(self.batch, ranks)
        same = meta.get("batcher.key") == run["batcher_key"]
        self.position = int(meta.get("batcher.step", "0")) if same else 0
        self.per_epoch = (self.train.size + self.batch - 1) // self.batch
        self.shuffled = (None, None)

    order = PairFeed.order

    @property
    def seed(self):
        return int(self.run["seed"])

    def inputs(self, ex, examples, time):
        """(T, b) ids padded with <pad>, or (T, b, D) features padded with zeros, and the lengths (b)."""
        b = len(examples)
        lengths = torch.tensor([ex.length(e) for e in examples], dtype=torch.long)
        if ex.features is not None:
            x = torch.zeros(time, b, ex.features.shape[1])
            for j, e in enumerate(examples):
                x[:ex.length(e), j] = ex.features[ex.off[e]:ex.off[e + 1]]
        else:
            x = torch.full((time, b), self.run["pad"], dtype=torch.long)
            for j, e in enumerate(examples):
                x[:ex.length(e), j] = ex.ids[ex.off[e]:ex.off[e + 1]]
        return x, lengths

    def loss(self, net, ex, examples, time):
        """The loss summed over the rows' targets, and their count, as seqlab's output layer scores them."""
        x, lengths = self.inputs(ex, examples, time)
        device = self.ranks.device
        out, _ = net(x.to(device), None, lengths)
        kind, output = self.run["data_kind"], self.run["output"]
        idx = torch.tensor(examples, dtype=torch.long)
        if kind == "classification" and output == "softmax":
            y = ex.label[idx].to(device)
            return F.cross_entropy(out.reshape(len(examples), -1), y, reduction="sum"), len(examples)
        if kind in ("classification", "regression"):
            y = (ex.label[idx].float() if kind == "classification" else ex.value[idx]).to(device).reshape(out.shape)
            if output == "sigmoid":
                return F.binary_cross_entropy_with_logits(out, y, reduction="sum"), y.numel()
            return F.mse_loss(out, y, reduction="sum"), y.numel()
        y = torch.full((time, len(examples)), -1, dtype=torch.long)
        for j, e in enumerate(examples):
            y[:ex.length(e), j] = ex.targets[ex.off[e]:ex.off[e + 1]]
        loss = F.cross_entropy(out.reshape(-1, out.shape[-1]), y.to(device).reshape(-1), ignore_index=-1, reduction="sum")
        return loss, int((y >= 0).sum())

    def forward(self, net):
        """This rank's rows of the batch (a rank left without any on a short batch runs one row weighing nothing,
        so that DistributedDataParallel's gradient exchange still meets every process)."""
        epoch, index = divmod(self.position, self.per_epoch)
        order, start = self.order(epoch), index * self.batch
        n = min(self.batch, self.train.size - start)
        batch = order[start:start + n]
        time = max(self.train.length(e) for e in batch)
        mine = [batch[r] for r in self.rows if r < n]
        if not mine:
            loss, _ = self.loss(net, self.train, batch[:1], time)
            return loss * 0, 0
        return self.loss(net, self.train, mine, time)

    def updated(self):
        self.position += 1

    def validate(self, model, batch, seq, limit):
        """seqlab's Evaluator on an example set: the split in its order, batches of `batch`, the first `limit`
        (0: all); each rank scores every world-th row of a batch and the sums are added up."""
        ranks = self.ranks
        available = (self.val.size + batch - 1) // batch
        batches = min(limit, available) if limit > 0 else available
        total, count = 0.0, 0
        with torch.no_grad():
            for k in range(batches):
                examples = list(range(k * batch, min((k + 1) * batch, self.val.size)))
                time = max(self.val.length(e) for e in examples)
                mine = examples[ranks.rank::ranks.world]
                if mine:
                    loss, counted = self.loss(model, self.val, mine, time)
                    total, count = total + loss.item(), count + counted
        total, count = ranks.total(total, count)
        return total / count if count else float("nan")

    def checkpoint_tensors(self):
        return {}

    def metadata(self):
        return {"batcher.key": self.run["batcher_key"], "batcher.step": str(self.position)}


# ---- objective=masked: seqlab's MaskedLm and MaskedFeed ---------------------------------------------------------

def java_round(x):
    """Java's Math.round of a non-negative double: the nearest integer, ties up (Python's round ties to even)."""
    f = math.floor(x)
    return int(f) + (1 if x - f >= 0.5 else 0)


class MaskedLm:
    """seqlab's MaskedLm (BERT's masking), bit for bit: in each row, round(rate * n) of its n maskable positions (at
    least one) are chosen by a partial Fisher-Yates shuffle; of those, 80% become <mask>, 10% a random ordinary token,
    10% stay. The draws come from SplittableRandom(seed * gamma + step), row after row, so a batch's masks depend only
    on the seed and the batch's position. run.json carries the vocabulary's part (mask_rate, mask_id, mask_never,
    mask_not_drawn, vocabulary_size)."""

    def __init__(self, run, seed):
        self.rate, self.mask, self.seed = float(run["mask_rate"]), int(run["mask_id"]), int(seed)
        self.never = set(run["mask_never"])
        not_drawn = set(run["mask_not_drawn"])
        self.ordinary = [i for i in range(run["vocabulary_size"]) if i not in not_drawn]

    def apply(self, inputs, step, lengths=None):
        """Masked inputs and targets (both (B, T), long) of a batch's inputs (B, T) at `step`: targets hold the
        original id at chosen positions, -1 elsewhere. lengths: each row's real steps (None: all)."""
        rows = inputs.tolist()
        batch, time = len(rows), (len(rows[0]) if rows else 0)
        targets = [[-1] * time for _ in range(batch)]
        rnd = SplittableRandom(self.seed * GOLDEN_GAMMA + step)
        for b, row in enumerate(rows):
            length = time if lengths is None else int(lengths[b])
            chosen = [t for t in range(length) if row[t] not in self.never]
            n = len(chosen)
            if n == 0:
                continue
            for j in range(max(1, java_round(self.rate * n))):
                pick = j + rnd.below(n - j)
                chosen[pick], chosen[j] = chosen[j], chosen[pick]
                t = chosen[j]
                targets[b][t] = row[t]
                u = rnd.next_double()
                if u < 0.8:
                    row[t] = self.mask
                elif u < 0.9:
                    row[t] = self.ordinary[rnd.below(len(self.ordinary))]
        return torch.tensor(rows, dtype=torch.long).reshape(batch, time), \
            torch.tensor(targets, dtype=torch.long).reshape(batch, time)


# seqlab's MaskedEvaluator masks every split with this seed, whatever the run's, so numbers compare.
EVAL_SEED = 20181011


class MaskedFeed(Epochs):
    """objective=masked (BERT): the corpus's windows as StreamFeed has them (the same B rows of seq tokens), each
    batch masked afresh by MaskedLm from the checkpoint's masking.seed and the batch's position; every window is an
    independent example (no state carried), and the loss counts only the chosen positions. Every rank masks the
    whole batch (the draws go row after row) and keeps its own rows."""

    def __init__(self, run, data, tensors, meta, ranks):
        self.run, self.ranks = run, ranks
        self.streams = Streams(data["train"].long(), run["batch"], run["seq"])
        self.per_epoch = self.streams.per_epoch
        self.val = data["validation"].long()
        self.rows = rows_of(run["batch"], ranks)
        same = meta.get("batcher.key") == run["batcher_key"]
        self.position = int(meta.get("batcher.step", "0")) if same else 0
        # seqlab's MaskedFeed: a new layout (or a checkpoint without a seed) masks from the run's seed
        seed = meta.get("masking.seed") if same else None
        self.seed = int(seed) if seed is not None else int(run["seed"])
        self.masking = MaskedLm(run, self.seed)

    def masked(self, streams, masking, position, rows):
        """Inputs and targets (T, len(rows)) of the batch at `position`, masked over all of its rows."""
        x, _, _ = streams.at(position, list(range(streams.batch)))
        inputs, targets = masking.apply(x.t(), position)
        return inputs[rows].t(), targets[rows].t()

    def loss(self, net, x, y):
        device = self.ranks.device
        logits, _ = net(x.to(device), None)
        loss = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), y.to(device).reshape(-1), ignore_index=-1,
                               reduction="sum")
        return loss, int((y >= 0).sum())

    def forward(self, net):
        """The loss summed over this rank's masked positions, and their count."""
        x, y = self.masked(self.streams, self.masking, self.position, self.rows)
        return self.loss(net, x, y)

    def updated(self):
        self.position += 1

    def validate(self, model, batch, seq, limit):
        """seqlab's MaskedEvaluator: the split's first `limit` batches (0: all), each masked with EVAL_SEED at its
        index; the mean loss over the masked positions. Each rank scores every world-th row."""
        ranks = self.ranks
        streams = Streams.fitting(self.val, batch, seq)
        masking = MaskedLm(self.run, EVAL_SEED)
        rows = list(range(streams.batch))[ranks.rank::ranks.world]
        batches = min(limit, streams.per_epoch) if limit > 0 else streams.per_epoch
        total, count = 0.0, 0
        with torch.no_grad():
            for k in range(batches if rows else 0):
                loss, counted = self.loss(model, *self.masked(streams, masking, k, rows))
                total, count = total + loss.item(), count + counted
        total, count = ranks.total(total, count)
        return total / count if count else float("nan")

    def checkpoint_tensors(self):
        return {}

    def metadata(self):
        return {"batcher.key": self.run["batcher_key"], "batcher.step": str(self.position), "masking.seed": str(self.seed)}


# ---- objective=masked+next_sentence: seqlab's SentencePairs and MaskedFeed over pairs ------------------------------

# seqlab's MaskedFeed draws its pairs from the masking seed mixed with this salt.
PAIR_SALT = 0x5EB7E7CE


class SentencePairs:
    """seqlab's SentencePairs, bit for bit: the split's sentences (each ends with a token of run.json's
    sentence_ends, included; text after the last is left out) and BERT's pairs made from them, one row
    <cls> A <sep> B <sep> then <pad>: B the sentence after A (IsNext, label 0) or, on a coin, another sentence of the
    split that is neither A nor the one after it (NotNext, label 1); a pair longer than the row loses a token off the
    end of the longer sentence at a time. Segments: 0 for <cls>, A and the first <sep>, 1 for B and the last <sep>."""

    def __init__(self, ids, run):
        ends = set(run["sentence_ends"])
        self.ids = ids.tolist()
        self.start, self.end = [], []
        first = 0
        for i, t in enumerate(self.ids):
            if t in ends:
                self.start.append(first)
                self.end.append(i + 1)
                first = i + 1
        self.cls, self.sep, self.pad = run["cls"], run["sep"], run["pad"]

    def random(self, batch, time, seed, step):
        """seqlab's fillRandom: `batch` pairs with random A, all drawn from SplittableRandom(seed * gamma + step)."""
        rnd = SplittableRandom(seed * GOLDEN_GAMMA + step)
        return self.rows([self.fill(rnd.below(len(self.start) - 1), rnd, time) for _ in range(batch)])

    def ordered(self, batch, time, seed, first):
        """seqlab's fillOrdered: the pairs whose A is sentence first + row, each coin from (seed, A)."""
        return self.rows([self.fill(first + b, SplittableRandom(seed * GOLDEN_GAMMA + first + b), time) for b in range(batch)])

    def pairs(self):
        """How many pairs `ordered` makes: every sentence but the last is an A once."""
        return len(self.start) - 1

    @staticmethod
    def rows(filled):
        """ids and segments (B, T), lengths and labels (B), all long."""
        ids, seg, lengths, labels = zip(*filled)
        return (torch.tensor(ids, dtype=torch.long), torch.tensor(seg, dtype=torch.long),
                torch.tensor(lengths, dtype=torch.long), torch.tensor(labels, dtype=torch.long))

    def fill(self, a, rnd, time):
        nxt = rnd.next_int() >= 1 << 31                  # Java's nextBoolean: the signed 32 bits are negative
        b = a + 1
        if not nxt:
            b = rnd.below(len(self.start) - 2)           # any sentence but a and a + 1
            if b >= a:
                b += 2
        la, lb = self.end[a] - self.start[a], self.end[b] - self.start[b]
        while la + lb + 3 > time:
            if la > lb:
                la -= 1
            else:
                lb -= 1
        ids = [self.cls] + self.ids[self.start[a]:self.start[a] + la] + [self.sep] \
            + self.ids[self.start[b]:self.start[b] + lb] + [self.sep]
        seg = [0] * (la + 2) + [1] * (lb + 1)
        length = len(ids)
        return ids + [self.pad] * (time - length), seg + [0] * (time - length), length, 0 if nxt else 1


class NextSentenceFeed(MaskedFeed):
    """objective=masked+next_sentence (BERT's two objectives): each row of a batch is a sentence pair drawn for the
    batch's position (SentencePairs from the masking seed ^ PAIR_SALT), masked by MaskedLm over its real steps; the
    loss is the mean masked-token loss plus the mean next-sentence loss of the [CLS] head. The corpus's windows still
    count the steps and epochs, as in seqlab. Every rank draws and masks the whole batch and keeps its own rows."""

    def __init__(self, run, data, tensors, meta, ranks):
        super().__init__(run, data, tensors, meta, ranks)
        self.pairs = SentencePairs(data["train"].long(), run)
        self.val_pairs = SentencePairs(self.val, run) if len(self.val) else None

    def batch_of(self, masking, filled, position, rows):
        """Time-major inputs, segments, targets (T, b), lengths and labels (b) of `rows` of a filled batch."""
        ids, seg, lengths, labels = filled
        inputs, targets = masking.apply(ids, position, lengths.tolist())
        return inputs[rows].t(), seg[rows].t(), targets[rows].t(), lengths[rows], labels[rows]

    def sums(self, net, batch):
        """Masked-token loss summed over the masked positions, their count, the next-sentence loss summed over the
        rows, and the rows."""
        x, seg, y, lengths, labels = batch
        device = self.ranks.device
        logits, nsp = net(x.to(device), None, lengths, segments=seg.to(device))
        mlm = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), y.to(device).reshape(-1), ignore_index=-1, reduction="sum")
        return mlm, int((y >= 0).sum()), F.cross_entropy(nsp, labels.to(device), reduction="sum"), len(labels)

    def forward(self, net):
        """The step's loss (mean masked-token loss + mean next-sentence loss) times this rank's share of the masked
        positions, and that share: train.py divides by the positions of all ranks."""
        b, t = self.run["batch"], self.run["seq"]
        filled = self.pairs.random(b, t, self.seed ^ PAIR_SALT, self.position)
        mlm, counted, nsp, _ = self.sums(net, self.batch_of(self.masking, filled, self.position, self.rows))
        (everywhere,) = self.ranks.total(counted)
        return mlm + nsp * (everywhere / b), counted

    def validate(self, model, batch, seq, limit):
        """seqlab's MaskedEvaluator on pairs: the split's ordered pairs (every sentence but the last is an A once),
        coins and masks from EVAL_SEED, batches of `batch` (the last short), the first `limit` (0: all); the loss is
        the mean masked-token loss plus the mean next-sentence loss. Each rank scores every world-th row."""
        ranks, pairs = self.ranks, self.val_pairs
        if pairs is None:
            return float("nan")
        masking = MaskedLm(self.run, EVAL_SEED)
        n = pairs.pairs()
        available = (n + batch - 1) // batch
        batches = min(limit, available) if limit > 0 else available
        mlm = count = nsp = rows = 0.0
        with torch.no_grad():
            for k in range(batches):
                b = min(batch, n - k * batch)
                mine = list(range(b))[ranks.rank::ranks.world]
                if not mine:
                    continue
                filled = pairs.ordered(b, seq, EVAL_SEED, k * batch)
                s = self.sums(model, self.batch_of(masking, filled, k, mine))
                mlm, count, nsp, rows = mlm + s[0].item(), count + s[1], nsp + s[2].item(), rows + s[3]
        mlm, count, nsp, rows = ranks.total(mlm, count, nsp, rows)
        return mlm / count + nsp / rows if count and rows else float("nan")


FEEDS = {"stream": StreamFeed, "seq2seq": PairFeed, "examples": ExampleFeed, "masked": MaskedFeed,
         "next_sentence": NextSentenceFeed}
