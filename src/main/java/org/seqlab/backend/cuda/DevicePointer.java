package org.seqlab.backend.cuda;

import jcuda.driver.CUdeviceptr;

/** A device pointer that can tell its raw address, so views and kernel arguments are plain 64-bit numbers. */
final class DevicePointer extends CUdeviceptr {
    long address() { return getNativePointer(); }
}
