"""Peak memory of a benchmark process, read the same way by bench_rnn.py and bench_gpt.py."""
import resource


def peak_rss_mb():
    """Peak resident set of this process in MB: VmHWM (Linux), which starts afresh at exec. ru_maxrss does not:
    it keeps the high-water mark of the process that forked us, so under `seqlab bench --vs-pytorch` it would
    report the JVM's peak instead of PyTorch's."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
