#!/usr/bin/env bash
# Packs what a GPU machine without Java needs to check the CUDA backend, into target/gpu-kit (ignored by git,
# so it can travel as a carried path): a jlink runtime (rt/), seqlab.jar, the compiled tests with their
# fixtures (test-classes/), JUnit's console launcher, the PyTorch twin of the benchmark and run_gpu_checks.sh.
# Run from anywhere on a machine with JDK 17 (javac, jlink) and Maven. Prints the kit's size (it must stay
# under the 64 MiB that a device call carries, together with the rest of the working tree).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
kit=target/gpu-kit
mvn -B -q package -DskipTests
rm -rf "$kit" && mkdir -p "$kit"
mvn -B -q dependency:copy -Dartifact=org.junit.platform:junit-platform-console-standalone:1.10.3 -DoutputDirectory="$kit"
mv "$kit"/junit-platform-console-standalone-*.jar "$kit/junit-console.jar"
cp target/seqlab.jar "$kit/"
cp -r target/test-classes "$kit/test-classes"
cp tools/cuda/bench_torch_rnn.py tools/cuda/run_gpu_checks.sh "$kit/"
# Modules: what jdeps finds for the jar and the tests (java.desktop and java.sql serve image output and
# nothing the checks load, so they are left out to keep the kit small), plus java.xml for JUnit's XML reports
# and jdk.unsupported for JLine.
echo "jdeps: $(jdeps --multi-release 17 --ignore-missing-deps --print-module-deps -cp target/seqlab.jar target/test-classes 2>/dev/null)"
jlink --add-modules java.base,java.logging,java.management,java.xml,jdk.incubator.vector,jdk.unsupported \
      --output "$kit/rt" --strip-debug --no-header-files --no-man-pages --compress=2
du -sh "$kit" "$kit"/*
