#!/usr/bin/env bash
# Compiles seqlab's CUDA kernels as host C++ (shim.h runs each block's threads as coroutines, with
# barriers and warp shuffles) together with harness.cpp, and runs the checks. Needs g++ 11+ (C++20); no GPU, no nvcc.
# Usage: tools/cuda/emulate/run.sh   -> one line per check, then ALL PASS (exit 0) or N FAILURES (exit 1)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
bin="$(mktemp -d)/seqlab-kernel-emulation"
trap 'rm -rf "$(dirname "$bin")"' EXIT
"${CXX:-g++}" -std=c++20 -O1 -pthread -w -o "$bin" "$here/harness.cpp"
"$bin"
