package org.seqlab.backend.cuda;

/**
 * One device allocation. Tensors and their views hold it; when none does, the garbage collector's cleaner
 * hands the pointer back to {@link CudaDevice}, which frees it on the next allocation (on a thread that
 * has the context). A zero-byte buffer has address 0 and no allocation.
 */
final class DeviceBuffer {
    final Gpu gpu;
    final DevicePointer pointer;
    final long address;
    final long bytes;

    DeviceBuffer(Gpu gpu, DevicePointer pointer, long address, long bytes) {
        this.gpu = gpu;
        this.pointer = pointer;
        this.address = address;
        this.bytes = bytes;
    }
}
