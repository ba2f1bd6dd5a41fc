"""Makes `--threads N` true for the whole process, BLAS included: imported by the bench scripts before torch.

torch.set_num_threads(1) does not reach OpenBLAS's own thread pool (Debian's torch 1.13 links
libopenblas0-pthread): its products still ran on two threads, so the process used ~2 CPU-seconds a second
under "1 thread", and on a loaded machine OpenBLAS's spinning threads made a 100-step LSTM bench up to 25
times slower (1,395 against 36,446 tokens/s in the same minute). The BLAS reads these variables once, when
it loads, so they must be set before `import torch`.
"""
import os
import sys


def pin_from_argv(argv=None):
    """Sets OPENBLAS/OMP/MKL_NUM_THREADS to the value of --threads in argv (default 1) unless already set."""
    argv = sys.argv[1:] if argv is None else argv
    threads = "1"
    for i, a in enumerate(argv):
        if a == "--threads" and i + 1 < len(argv):
            threads = argv[i + 1]
        elif a.startswith("--threads="):
            threads = a.split("=", 1)[1]
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, threads)
    return threads


pin_from_argv()
