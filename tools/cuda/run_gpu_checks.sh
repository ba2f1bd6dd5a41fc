#!/usr/bin/env bash
# Runs inside the kit that tools/cuda/make_kit.sh builds, on a machine with an NVIDIA driver (no Java needed):
# the GPU conformance suite, the training-parity and checkpoint tests, then the benchmarks side by side with
# PyTorch. Results go to stdout and, when OUT is set, to $OUT (JUnit XML reports and bench JSON lines).
# Usage: run_gpu_checks.sh [tests|bench|all]   (default all)
# Exit status: 0 only when every suite ran and passed and every benchmark finished; 1 when a suite failed or
# a benchmark did not finish; 2 for bad usage or an incomplete kit; 3 when the machine has no NVIDIA driver
# (the GPU tests would only be skipped, which must not read as a pass).
set -uo pipefail
cd "$(dirname "$0")"
what="${1:-all}"
out="${OUT:-/tmp/seqlab-gpu-out}"
mkdir -p "$out"
case "$what" in tests|bench|all) ;; *) echo "usage: run_gpu_checks.sh [tests|bench|all]" >&2; exit 2 ;; esac
java=(rt/bin/java --add-modules jdk.incubator.vector -Xss8m -XX:PerBytecodeTrapLimit=100 -XX:PerMethodTrapLimit=10000)
for f in rt/bin/java junit-console.jar seqlab.jar test-classes; do
  [ -e "$f" ] || { echo "the kit has no $f: build it with tools/cuda/make_kit.sh" >&2; exit 2; }
done
nvidia-smi -L || echo "nvidia-smi: not found"
if ! ldconfig -p 2>/dev/null | grep -q 'libcuda\.so\.1 '; then
  found=""
  for d in ${LD_LIBRARY_PATH:+${LD_LIBRARY_PATH//:/ }} /usr/lib/x86_64-linux-gnu /usr/lib64 /usr/lib /usr/local/nvidia/lib64; do
    [ -e "$d/libcuda.so.1" ] && found="$d/libcuda.so.1"
  done
  [ -n "$found" ] || { echo "no NVIDIA driver (libcuda.so.1) on this machine: nothing to check" >&2; exit 3; }
fi
status=0
if [ "$what" = tests ] || [ "$what" = all ]; then
  # With the driver present, a GPU that does not open fails these tests (Machine.requireGpu), never skips them.
  "${java[@]}" -jar junit-console.jar execute --disable-banner --disable-ansi-colors --details=tree \
      --fail-if-no-tests -cp seqlab.jar:test-classes --reports-dir "$out/junit" \
      --select-class org.seqlab.backend.cuda.BackendsTest \
      --select-class org.seqlab.backend.cuda.CudaBackendConformanceTest \
      --select-class org.seqlab.backend.cuda.CudaAttentionConformanceTest \
      --select-class org.seqlab.backend.cuda.CudaTrainingParityTest \
      --select-class org.seqlab.backend.cpu.CpuBackendConformanceTest || status=1
  if [ $status -ne 0 ]; then
    echo "== again with SEQLAB_CUDA_SYNC=1, so a kernel fault names its kernel"
    SEQLAB_CUDA_SYNC=1 "${java[@]}" -jar junit-console.jar execute --disable-banner --disable-ansi-colors --details=tree \
        -cp seqlab.jar:test-classes --select-class org.seqlab.backend.cuda.CudaBackendConformanceTest \
        --select-class org.seqlab.backend.cuda.CudaAttentionConformanceTest
  fi
fi
if [ "$what" = bench ] || [ "$what" = all ]; then
  bench() {  # name, then GpuBench / bench_torch_rnn.py options
    local name="$1"; shift
    echo "== $name"
    "${java[@]}" -cp seqlab.jar:test-classes org.seqlab.backend.cuda.GpuBench --backend cuda "$@" | tee -a "$out/bench.jsonl" \
        || { echo "GpuBench failed: $name" >&2; status=1; }
    # PyTorch is the comparison, not the thing checked: a machine without it only loses that line.
    python3 bench_torch_rnn.py --device cuda "$@" | tee -a "$out/bench.jsonl" || echo "bench_torch_rnn.py did not run: $name" >&2
  }
  bench "char-LSTM 2x128, batch 50, seq 50" --embed 64 --hidden 128 --layers 2 --batch 50 --seq 50 --steps 200
  bench "large LSTM 2x1024, batch 128, seq 100" --embed 1024 --hidden 1024 --layers 2 --batch 128 --seq 100 --steps 30
  echo "== CPU for reference: char-LSTM on 16 threads"
  "${java[@]}" -cp seqlab.jar:test-classes org.seqlab.backend.cuda.GpuBench --backend cpu --threads 16 \
      --embed 64 --hidden 128 --layers 2 --batch 50 --seq 50 --steps 40 | tee -a "$out/bench.jsonl" \
      || { echo "GpuBench on the CPU failed" >&2; status=1; }
fi
[ $status -eq 0 ] && echo "== all GPU checks passed" || echo "== GPU checks FAILED (exit $status)" >&2
exit $status
