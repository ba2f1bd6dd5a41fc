package org.seqlab.backend.cuda;

/**
 * What {@link CudaBackend} needs from a GPU: memory, copies and kernel launches, in stream order.
 * {@link CudaDevice} is the real one; tests drive the backend through a recording stand-in to check every
 * launch against the kernels' signatures on machines without a GPU.
 */
interface Gpu {
    /** An uninitialised allocation; throws a one-line BackendException when device memory runs out. */
    DeviceBuffer alloc(long bytes);

    /** Sets {@code words} 32-bit words from the start of b to zero. */
    void zero(DeviceBuffer b, long words);

    /** Copies n floats from the device (at byteOffset into b) to dst[0, n). */
    void toHost(DeviceBuffer b, long byteOffset, float[] dst, int n);

    /** Copies src[0, n) to the device at byteOffset into b. */
    void fromHost(float[] src, int n, DeviceBuffer b, long byteOffset);

    /** Copies src[0, n) to the start of b. */
    void fromHost(int[] src, int n, DeviceBuffer b);

    /** Reads the double at the start of b (waits for the kernels before it). */
    double readDouble(DeviceBuffer b);

    /**
     * Launches k on a (gx, gy) grid of (bx, by) blocks; an empty grid launches nothing. Arguments as
     * {@link Kernel#check} wants them.
     */
    void launch(Kernel k, int gx, int gy, int bx, int by, Object... args);

    /** "NVIDIA H100 80GB HBM3 (85.0 GB)". */
    String describe();
}
