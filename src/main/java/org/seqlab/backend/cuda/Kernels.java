package org.seqlab.backend.cuda;

import static jcuda.driver.JCudaDriver.*;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import jcuda.CudaException;
import jcuda.NativePointerObject;
import jcuda.Pointer;
import jcuda.driver.CUfunction;
import jcuda.driver.CUmodule;

/**
 * The PTX modules loaded into the current context (the driver JIT-compiles them for the GPU at hand) and
 * their launcher. With the environment variable SEQLAB_CUDA_SYNC=1 every launch is followed by a
 * synchronisation, so an asynchronous fault names the kernel that caused it.
 */
final class Kernels {
    private static final boolean SYNC = "1".equals(System.getenv("SEQLAB_CUDA_SYNC"));

    private final Map<Kernel, CUfunction> functions = new EnumMap<>(Kernel.class);

    /** Loads every module; the caller has made the context current. */
    Kernels() {
        Map<String, CUmodule> modules = new HashMap<>();
        for (Kernel k : Kernel.values()) {
            CUmodule m = modules.computeIfAbsent(k.module, Kernels::loadModule);
            CUfunction f = new CUfunction();
            cuModuleGetFunction(f, m, k.entry);
            functions.put(k, f);
        }
    }

    private static CUmodule loadModule(String name) {
        byte[] ptx;
        try (InputStream in = Kernels.class.getResourceAsStream(Kernel.resource(name))) {
            if (in == null) throw new IllegalStateException("the kernel resource " + Kernel.resource(name) + " is missing from the jar");
            ptx = in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + Kernel.resource(name) + ": " + e.getMessage(), e);
        }
        CUmodule m = new CUmodule();
        cuModuleLoadData(m, Arrays.copyOf(ptx, ptx.length + 1));  // the driver reads PTX up to a NUL
        return m;
    }

    /** See {@link Gpu#launch}; the caller has made the context current. */
    void launch(Kernel k, int gx, int gy, int bx, int by, Object... args) {
        k.check(args);
        if (gx == 0 || gy == 0) return;
        NativePointerObject[] params = new NativePointerObject[args.length];
        for (int i = 0; i < args.length; i++) {
            Object a = args[i];
            if (a instanceof Long v) params[i] = Pointer.to(new long[] {v});
            else if (a instanceof Integer v) params[i] = Pointer.to(new int[] {v});
            else params[i] = Pointer.to(new float[] {(Float) a});
        }
        cuLaunchKernel(functions.get(k), gx, gy, 1, bx, by, 1, 0, null, Pointer.to(params), null);
        if (SYNC) {
            try {
                cuCtxSynchronize();
            } catch (CudaException e) {
                throw new CudaException(e.getMessage() + " in kernel " + k.entry);
            }
        }
    }
}
