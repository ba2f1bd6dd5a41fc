package org.seqlab.backend.cuda;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A {@link Gpu} that runs the real kernels on the CPU (tools/cuda/emulate/jni_gpu.cpp, coroutines standing
 * in for GPU threads), so the whole GPU backend, Java side and kernels together, can be checked against the
 * CPU reference on a machine without a GPU. Memory is host memory; it is never freed (tests only).
 */
final class EmulatedGpu implements Gpu {
    private static String unavailable = null;
    private static boolean loaded = false;

    /** Builds and loads the JNI library once; returns null when ready, else why it cannot be (no g++...). */
    static synchronized String load() {
        if (loaded || unavailable != null) return unavailable;
        try {
            Path dir = Files.createTempDirectory("seqlab-emulated-gpu");
            Path lib = dir.resolve("libseqlabemu.so");
            String include = Path.of(System.getProperty("java.home"), "include").toString();
            Process p = new ProcessBuilder(System.getenv().getOrDefault("CXX", "g++"), "-std=c++20", "-O1", "-pthread", "-shared",
                    "-fPIC", "-w", "-I", include, "-I", include + "/linux", "-o", lib.toString(), "tools/cuda/emulate/jni_gpu.cpp")
                    .redirectErrorStream(true).start();
            String log = new String(p.getInputStream().readAllBytes());
            if (p.waitFor() != 0) return unavailable = "cannot build the emulator: " + log;
            System.load(lib.toString());
            dir.toFile().deleteOnExit();  // deleted in reverse order: the library first, then its folder
            lib.toFile().deleteOnExit();
            loaded = true;
            return null;
        } catch (Exception | LinkageError e) {
            return unavailable = "cannot build the emulator: " + e;
        }
    }

    private static native long nAlloc(long bytes);

    private static native void nZero(long address, long words);

    private static native void nToHost(long address, float[] dst, int n);

    private static native void nFromHostFloats(float[] src, int n, long address);

    private static native void nFromHostInts(int[] src, int n, long address);

    private static native double nReadDouble(long address);

    private static native int nLaunch(String entry, int gx, int gy, int bx, int by, long[] slots);

    @Override public DeviceBuffer alloc(long bytes) { return new DeviceBuffer(this, null, nAlloc(bytes), bytes); }

    @Override public void zero(DeviceBuffer b, long words) { nZero(b.address, words); }

    @Override public void toHost(DeviceBuffer b, long byteOffset, float[] dst, int n) { nToHost(b.address + byteOffset, dst, n); }

    @Override public void fromHost(float[] src, int n, DeviceBuffer b, long byteOffset) { nFromHostFloats(src, n, b.address + byteOffset); }

    @Override public void fromHost(int[] src, int n, DeviceBuffer b) { nFromHostInts(src, n, b.address); }

    @Override public double readDouble(DeviceBuffer b) { return nReadDouble(b.address); }

    @Override public void launch(Kernel k, int gx, int gy, int bx, int by, Object... args) {
        k.check(args);
        if (gx == 0 || gy == 0) return;
        long[] slots = new long[args.length];
        for (int i = 0; i < args.length; i++) {
            Object a = args[i];
            slots[i] = a instanceof Float f ? Float.floatToRawIntBits(f) & 0xffffffffL : ((Number) a).longValue();
        }
        if (nLaunch(k.entry, gx, gy, bx, by, slots) != 0) throw new IllegalStateException("the emulator has no kernel " + k.entry);
    }

    @Override public String describe() { return "CPU emulation of seqlab's kernels"; }
}
