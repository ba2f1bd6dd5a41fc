#!/usr/bin/env bash
# Runs inside the kit that tools/cuda/make_kit.sh builds, on a machine with an NVIDIA driver (no Java needed):
# the GPU conformance suite, the training-parity and checkpoint tests, then the benchmarks side by side with
# PyTorch. Results go to stdout and, when OUT is set, to $OUT (JUnit XML reports and bench JSON lines).
# Usage: run_gpu_checks.sh [tests|bench|all]   (default all)
set -uo pipefail
cd "$(dirname "$0")"
what="${1:-all}"
out="${OUT:-/tmp/seqlab-gpu-out}"
mkdir -p "$out"
java=(rt/bin/java --add-modules jdk.incubator.vector -Xss8m -XX:PerBytecodeTrapLimit=100 -XX:PerMethodTrapLimit=10000)
nvidia-smi -L || echo "nvidia-smi: not found"
status=0
if [ "$what" = tests ] || [ "$what" = all ]; then
  "${java[@]}" -jar junit-console.jar execute --disable-banner --disable-ansi-colors --details=tree \
      -cp seqlab.jar:test-classes --reports-dir "$out/junit" \
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
    "${java[@]}" -cp seqlab.jar:test-classes org.seqlab.backend.cuda.GpuBench --backend cuda "$@" | tee -a "$out/bench.jsonl"
    python3 bench_torch_rnn.py --device cuda "$@" | tee -a "$out/bench.jsonl"
  }
  bench "char-LSTM 2x128, batch 50, seq 50" --embed 64 --hidden 128 --layers 2 --batch 50 --seq 50 --steps 200
  bench "large LSTM 2x1024, batch 128, seq 100" --embed 1024 --hidden 1024 --layers 2 --batch 128 --seq 100 --steps 30
  echo "== CPU for reference: char-LSTM on 16 threads"
  "${java[@]}" -cp seqlab.jar:test-classes org.seqlab.backend.cuda.GpuBench --backend cpu --threads 16 \
      --embed 64 --hidden 128 --layers 2 --batch 50 --seq 50 --steps 40 | tee -a "$out/bench.jsonl"
fi
exit $status
