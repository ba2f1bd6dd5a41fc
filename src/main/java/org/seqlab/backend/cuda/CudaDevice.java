package org.seqlab.backend.cuda;

import static jcuda.driver.JCudaDriver.*;

import java.lang.ref.Cleaner;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import jcuda.CudaException;
import jcuda.Pointer;
import jcuda.Sizeof;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.JCudaDriver;
import org.seqlab.backend.BackendException;

/**
 * The GPU (device 0) and its primary context, opened once per process through the driver API, which needs
 * only the driver's libcuda.so.1, with seqlab's kernels loaded. Owns device memory: allocation with a clear
 * message when it runs out, and freeing of buffers the garbage collector found unreachable. Everything runs
 * on the legacy default stream, so launches and copies happen in the order they were asked for.
 */
final class CudaDevice implements Gpu {
    private static final Cleaner CLEANER = Cleaner.create();
    private static final ThreadLocal<CUcontext> CURRENT = new ThreadLocal<>();

    final String name;
    final long totalBytes;
    private final CUcontext context;
    private final Kernels kernels;
    private final ConcurrentLinkedQueue<DevicePointer> released = new ConcurrentLinkedQueue<>();

    /** Initialises the driver and device 0; throws CudaException or LinkageError, which {@link #reason} explains. */
    CudaDevice() {
        JCudaDriver.setExceptionsEnabled(true);
        cuInit(0);
        int[] count = {0};
        cuDeviceGetCount(count);
        if (count[0] == 0) throw new CudaException("CUDA_ERROR_NO_DEVICE");
        CUdevice dev = new CUdevice();
        cuDeviceGet(dev, 0);
        byte[] nameBytes = new byte[256];
        cuDeviceGetName(nameBytes, nameBytes.length, dev);
        int len = 0;
        while (len < nameBytes.length && nameBytes[len] != 0) len++;
        name = new String(nameBytes, 0, len, java.nio.charset.StandardCharsets.US_ASCII);
        long[] total = {0};
        cuDeviceTotalMem(total, dev);
        totalBytes = total[0];
        context = new CUcontext();
        cuDevicePrimaryCtxRetain(context, dev);
        makeCurrent();
        kernels = new Kernels();
    }

    /** Binds the context to the calling thread (training may run on another thread than the one that opened it). */
    void makeCurrent() {
        if (CURRENT.get() != context) {
            cuCtxSetCurrent(context);
            CURRENT.set(context);
        }
    }

    /** When memory is short, retries once after a garbage collection has released unreachable tensors. */
    @Override public DeviceBuffer alloc(long bytes) {
        makeCurrent();
        freeReleased();
        DevicePointer p = new DevicePointer();
        if (bytes == 0) return new DeviceBuffer(this, p, 0, 0);
        if (!tryAlloc(p, bytes)) {
            System.gc();
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            freeReleased();
            if (!tryAlloc(p, bytes)) throw new BackendException(outOfMemory(bytes));
        }
        DeviceBuffer b = new DeviceBuffer(this, p, p.address(), bytes);
        ConcurrentLinkedQueue<DevicePointer> queue = released;
        CLEANER.register(b, () -> queue.add(p));
        return b;
    }

    @Override public void zero(DeviceBuffer b, long words) {
        if (words == 0) return;
        makeCurrent();
        cuMemsetD32(b.pointer, 0, words);
    }

    @Override public void toHost(DeviceBuffer b, long byteOffset, float[] dst, int n) {
        if (n == 0) return;
        makeCurrent();
        cuMemcpyDtoH(Pointer.to(dst), b.pointer.withByteOffset(byteOffset), (long) n * Sizeof.FLOAT);
    }

    @Override public void fromHost(float[] src, int n, DeviceBuffer b, long byteOffset) {
        if (n == 0) return;
        makeCurrent();
        cuMemcpyHtoD(b.pointer.withByteOffset(byteOffset), Pointer.to(src), (long) n * Sizeof.FLOAT);
    }

    @Override public void fromHost(int[] src, int n, DeviceBuffer b) {
        if (n == 0) return;
        makeCurrent();
        cuMemcpyHtoD(b.pointer, Pointer.to(src), (long) n * Sizeof.INT);
    }

    @Override public double readDouble(DeviceBuffer b) {
        double[] out = new double[1];
        makeCurrent();
        cuMemcpyDtoH(Pointer.to(out), b.pointer, Sizeof.DOUBLE);
        return out[0];
    }

    @Override public void launch(Kernel k, int gx, int gy, int bx, int by, Object... args) {
        makeCurrent();
        kernels.launch(k, gx, gy, bx, by, args);
    }

    @Override public String describe() { return name + " (" + size(totalBytes) + ")"; }

    private static boolean tryAlloc(DevicePointer p, long bytes) {
        try {
            cuMemAlloc(p, bytes);
            return true;
        } catch (CudaException e) {
            if (String.valueOf(e.getMessage()).contains("OUT_OF_MEMORY")) return false;
            throw e;
        }
    }

    private void freeReleased() {
        for (DevicePointer p; (p = released.poll()) != null; ) cuMemFree(p);
    }

    /** "allocation of 2.1 GB failed on CUDA; in use: 9.3 GB of 80.0 GB". */
    String outOfMemory(long bytes) {
        long[] free = {0}, total = {0};
        cuMemGetInfo(free, total);
        return "allocation of " + size(bytes) + " failed on CUDA (" + name + "); in use: " + size(total[0] - free[0])
                + " of " + size(total[0]);
    }

    static String size(long bytes) {
        if (bytes >= 1_000_000_000L) return String.format(Locale.ROOT, "%.1f GB", bytes / 1e9);
        if (bytes >= 1_000_000L) return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
        return String.format(Locale.ROOT, "%.1f KB", bytes / 1e3);
    }

    /** Why the GPU backend cannot start, in words a user can act on (one line). */
    static String reason(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) all.append(t.getMessage()).append('\n');
        String text = all.toString();
        if (e instanceof LinkageError) {
            if (text.contains("libcuda.so")) return "no NVIDIA driver found (libcuda.so.1 is missing)";
            return "JCuda's native library could not be loaded (" + firstLine(e) + ")";
        }
        if (text.contains("CUDA_ERROR_NO_DEVICE")) return "no CUDA device found";
        if (text.contains("CUDA_ERROR_INSUFFICIENT_DRIVER")) return "the NVIDIA driver is too old for CUDA 12.6";
        if (text.contains("CUDA_ERROR_UNSUPPORTED_PTX_VERSION")) {
            return "the NVIDIA driver is too old for seqlab's kernels (PTX ISA 9.0 needs a CUDA 13 driver, R580 or newer)";
        }
        return "CUDA could not start (" + firstLine(e) + ")";
    }

    private static String firstLine(Throwable t) {
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
