package org.seqlab.nn;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.seqlab.backend.Activation;
import org.seqlab.backend.Backend;
import org.seqlab.backend.CpuBackends;

class LayerSpecTest {
    private final Backend be = CpuBackends.reference();

    @Test void parameterCountsMatchTheBuiltLayersAndPyTorchNames() {
        LayerSpec.RecurrentSpec spec = new LayerSpec.RecurrentSpec(LayerSpec.Cell.LSTM, 8, 2, true, 0.1f, 1f, Activation.TANH, Srn.InitKind.DEFAULT);
        assertEquals(16, spec.outputWidth(5));
        Layer l = spec.build(be, 5, new Random(1));
        long n = 0;
        for (Param p : l.params()) n += p.value().size();
        assertEquals(spec.paramCount(5), n);
        assertEquals("weight_ih_l0", l.params().get(0).name());
        assertEquals("weight_ih_l0_reverse", l.params().get(4).name());
        assertEquals("bias_hh_l1_reverse", l.params().get(15).name());
        LayerSpec.RecurrentSpec gru = new LayerSpec.RecurrentSpec(LayerSpec.Cell.GRU, 4, 1, false, 0f, 0f, Activation.TANH, Srn.InitKind.DEFAULT);
        assertEquals(gru.paramCount(3), 3 * 4 * 3 + 3 * 4 * 4 + 2 * 12);
    }

    @Test void badSizesAreErrorsInWords() {
        var e = assertThrows(LayerSpecException.class, () -> new LayerSpec.DenseSpec(0, Activation.RELU, false).outputWidth(3));
        assertTrue(e.getMessage().contains("units must be a positive"), e.getMessage());
        var big = assertThrows(LayerSpecException.class, () -> LayerSpec.checkFits(1L << 40, "layer lstm(hidden=1000000)"));
        assertTrue(big.getMessage().contains("heap"), big.getMessage());
    }

    @Test void srnRejectsOtherActivations() {
        assertThrows(IllegalArgumentException.class, () -> new Srn(be, 2, 3, 1, false, 0f, Activation.GELU, Srn.InitKind.DEFAULT, new Random(1)));
    }
}
