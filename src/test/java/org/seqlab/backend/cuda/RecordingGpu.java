package org.seqlab.backend.cuda;

import java.util.ArrayList;
import java.util.List;

/**
 * A stand-in GPU for machines without one: hands out fake, non-overlapping addresses, launches nothing, and
 * records every launch after checking its arguments against the kernel's signature and that each pointer
 * argument is 0 or lies inside a live allocation.
 */
final class RecordingGpu implements Gpu {
    record Launch(Kernel kernel, int gx, int gy, int bx, int by, Object[] args) {}

    private record Range(long from, long to) {}

    final List<Launch> launches = new ArrayList<>();
    private final List<Range> allocations = new ArrayList<>();
    private long next = 1L << 32;

    @Override public DeviceBuffer alloc(long bytes) {
        long at = bytes == 0 ? 0 : next;
        next += (bytes + 255) / 256 * 256 + 256;
        if (bytes > 0) allocations.add(new Range(at, at + bytes));
        return new DeviceBuffer(this, null, at, bytes);
    }

    @Override public void zero(DeviceBuffer b, long words) { checkInside(b.address, words * 4, "zero"); }

    @Override public void toHost(DeviceBuffer b, long byteOffset, float[] dst, int n) {
        checkInside(b.address + byteOffset, 4L * n, "toHost");
    }

    @Override public void fromHost(float[] src, int n, DeviceBuffer b, long byteOffset) {
        checkInside(b.address + byteOffset, 4L * n, "fromHost");
    }

    @Override public void fromHost(int[] src, int n, DeviceBuffer b) { checkInside(b.address, 4L * n, "fromHost ids"); }

    @Override public double readDouble(DeviceBuffer b) {
        checkInside(b.address, 8, "readDouble");
        return 0;
    }

    @Override public void launch(Kernel k, int gx, int gy, int bx, int by, Object... args) {
        k.check(args);
        if (gx < 0 || gy < 0 || bx * by > 1024 || bx * by % 32 != 0) {
            throw new IllegalStateException(k.entry + ": bad launch shape " + gx + "x" + gy + " of " + bx + "x" + by);
        }
        for (int i = 0; i < args.length; i++) {
            if (k.signature.charAt(i) == 'p' && (Long) args[i] != 0) checkInside((Long) args[i], 4, k.entry + " argument " + i);
        }
        launches.add(new Launch(k, gx, gy, bx, by, args));
    }

    @Override public String describe() { return "recording stand-in"; }

    private void checkInside(long at, long bytes, String what) {
        if (bytes == 0) return;
        for (Range r : allocations) if (at >= r.from && at + bytes <= r.to) return;
        throw new IllegalStateException(what + ": " + bytes + " bytes at " + Long.toHexString(at) + " lie outside every allocation");
    }
}
