#!/usr/bin/env bash
# Regenerates the PTX that seqlab ships from its CUDA C sources:
#   src/main/cuda/NAME.cu -> src/main/resources/org/seqlab/backend/cuda/NAME.ptx
# The PTX targets compute_80, so the driver JIT-compiles it for any GPU from the A100 (sm_80) on,
# H100 and H200 included. PTX from nvcc 13 is ISA 9.0, which needs a CUDA 13 driver (R580 or newer).
# No fast-math: the kernels keep IEEE division and square root so results match the CPU backend.
# Usage: tools/cuda/build_ptx.sh [NVCC]   (default: nvcc on PATH, else /usr/local/cuda/bin/nvcc)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
nvcc="${1:-$(command -v nvcc || echo /usr/local/cuda/bin/nvcc)}"
src="$root/src/main/cuda"
out="$root/src/main/resources/org/seqlab/backend/cuda"
mkdir -p "$out"
for cu in "$src"/*.cu; do
  name="$(basename "$cu" .cu)"
  "$nvcc" -ptx -arch=compute_80 -std=c++17 -I "$src" -o "$out/$name.ptx" "$cu"
  echo "built $out/$name.ptx"
done
