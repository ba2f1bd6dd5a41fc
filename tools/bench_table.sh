#!/usr/bin/env bash
# The speed table: for each configuration, 3 runs of `bin/seqlab bench` (all cores) each followed by the PyTorch
# script on 1 thread with the same warm-up steps, then one PyTorch run on 2 threads; prints a markdown table of
# medians, the whole-run ratio (warm-up included) and peak memory. Run it on a quiet machine: about 25 minutes.
# usage: tools/bench_table.sh CORPUS OUTDIR [configs...]   configs: lstm gru rnn gpt lstm512 gpt6 (default all)
# The JSON of every run stays in OUTDIR.
set -u
if [[ $# -lt 2 ]]; then echo "usage: tools/bench_table.sh CORPUS OUTDIR [lstm gru rnn gpt lstm512 gpt6]" >&2; exit 64; fi
C=$(realpath "$1"); out=$(realpath -m "$2"); shift 2; mkdir -p "$out"
cd "$(dirname "$0")/.."
cfgs=${*:-lstm gru rnn gpt lstm512 gpt6}
for cfg in $cfgs; do
  case $cfg in
    lstm|gru|rnn) T=100; S=(bin/seqlab bench $cfg --corpus $C); P=(/usr/bin/python3 tools/pytorch/bench_rnn.py --model $cfg --corpus $C);;
    gpt) T=100; S=(bin/seqlab bench gpt --corpus $C); P=(/usr/bin/python3 tools/pytorch/bench_gpt.py --corpus $C);;
    lstm512) T=20; S=(bin/seqlab bench lstm --hidden 512 --corpus $C); P=(/usr/bin/python3 tools/pytorch/bench_rnn.py --model lstm --hidden 512 --corpus $C);;
    gpt6) T=12; S=(bin/seqlab bench gpt --layers 6 --heads 6 --width 384 --context 128 --batch 16 --corpus $C); P=(/usr/bin/python3 tools/pytorch/bench_gpt.py --layers 6 --heads 6 --width 384 --context 128 --batch 16 --corpus $C);;
  esac
  for i in 1 2 3; do
    "${S[@]}" --steps $T 2>/dev/null | grep '^{' | head -1 > "$out/$cfg.seqlab.$i.json"
    W=$(/usr/bin/python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['warmup'])" "$out/$cfg.seqlab.$i.json")
    "${P[@]}" --warmup $W --steps $((W + T)) --threads 1 2>/dev/null | tail -1 > "$out/$cfg.torch1.$i.json"
  done
  "${P[@]}" --warmup $W --steps $((W + T)) --threads 2 2>/dev/null | tail -1 > "$out/$cfg.torch2.1.json"
done
/usr/bin/python3 - "$out" <<'PY'
import json, sys, glob, statistics, os
out = sys.argv[1]
def load(pat):
    r = []
    for f in sorted(glob.glob(os.path.join(out, pat))):
        try: r.append(json.loads(open(f).read()))
        except Exception: pass
    return r
print("| config | seqlab tok/s (median; runs) | PyTorch 1 thread | ratio | whole-run ratio (warm-up incl.) | PyTorch 2 threads | ratio | peak RSS seqlab / PyTorch MB |")
print("|---|---|---|---|---|---|---|---|")
for cfg in ["lstm", "gru", "rnn", "gpt", "lstm512", "gpt6"]:
    s, t, t2 = load(cfg + ".seqlab.*.json"), load(cfg + ".torch1.*.json"), load(cfg + ".torch2.*.json")
    if not s or not t: continue
    ms = statistics.median(x["tokens_per_s"] for x in s); mt = statistics.median(x["tokens_per_s"] for x in t)
    t2v = t2[0]["tokens_per_s"] if t2 else float("nan")
    runs = "/".join("%.0f" % x["tokens_per_s"] for x in s); truns = "/".join("%.0f" % x["tokens_per_s"] for x in t)
    wr = statistics.median(a["whole_run_tokens_per_s"] / b["whole_run_tokens_per_s"] for a, b in zip(s, t))
    print("| %s | %.0f (%s) | %.0f (%s) | %.2fx | %.2fx | %.0f | %.2fx | %.0f / %.0f |" % (cfg, ms, runs, mt, truns, ms / mt, wr, t2v, ms / t2v,
          max(x["peak_rss_mb"] for x in s), max(x["peak_rss_mb"] for x in t)))
PY
