package org.seqlab.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import org.junit.jupiter.api.Test;
import org.seqlab.tensor.Shape;
import org.seqlab.tensor.Tensor;

class TimedBackendTest {

    @Test
    void eachOperationIsCountedInItsCategoryAndComputesAsWithoutTheTimer() {
        Backend plain = Backends.create("cpu", 1);
        TimedBackend timed = TimedBackend.around(plain);
        Backend b = timed.backend();
        Tensor a = b.fromHost(new float[] {1, 2, 3, 4, 5, 6}, Shape.of(2, 3));
        Tensor w = b.fromHost(new float[] {1, 0, 0, 1, 1, 1}, Shape.of(3, 2));
        Tensor c = b.alloc(Shape.of(2, 2));
        b.gemm(false, false, 1f, a, w, 0f, c);
        b.gemm(false, false, 1f, a, w, 1f, c);
        assertArrayEquals(new float[] {8, 10, 20, 22}, c.toHost());
        Tensor m = b.alloc(Shape.of(2, 3)), v = b.alloc(Shape.of(2, 3));
        b.adamStep(a, a, m, v, 1e-3f, 0.9f, 0.999f, 1e-8f, 0f, false, 1);
        assertEquals(8 * 8 + 10 * 10 + 20 * 20 + 22 * 22, b.sumSquares(c), 1e-3);
        assertEquals(2L, timed.calls().get(TimedBackend.Category.GEMM));
        assertEquals(1L, timed.calls().get(TimedBackend.Category.OPTIMIZER));
        assertEquals(1L, timed.calls().get(TimedBackend.Category.POINTWISE));
        assertEquals(0L, timed.calls().get(TimedBackend.Category.CELL), "allocation is not work");
        assertTrue(timed.seconds().get(TimedBackend.Category.GEMM) > 0);
        assertEquals(2 * (2L * 2 * 2 * 3), timed.gemmFlops(), "2 M N K for each of the two (2x3)(3x2) products");
        timed.reset();
        assertEquals(0L, timed.calls().get(TimedBackend.Category.GEMM));
    }

    @Test
    void errorsPassThroughUnwrapped() {
        Backend b = TimedBackend.around(Backends.create("cpu", 1)).backend();
        Tensor a = b.alloc(Shape.of(2, 3)), c = b.alloc(Shape.of(2, 2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.gemm(false, false, 1f, a, a, 0f, c));
        assertTrue(e.getMessage().contains("("), e.getMessage());
    }

    @Test
    void everyBackendOperationHasADeliberateCategory() {
        for (Method m : Backend.class.getMethods()) {
            TimedBackend.Category c = TimedBackend.category(m.getName());
            if (m.getName().contains("Cell")) assertEquals(TimedBackend.Category.CELL, c, m.getName());
            if (m.getName().endsWith("Step")) assertEquals(TimedBackend.Category.OPTIMIZER, c, m.getName());
            if (m.getName().startsWith("alloc")) assertNull(c, m.getName());
        }
    }
}
