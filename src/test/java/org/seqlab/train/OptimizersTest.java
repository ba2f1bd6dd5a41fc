package org.seqlab.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.seqlab.backend.Activation;
import org.seqlab.backend.Backend;
import org.seqlab.backend.CpuBackends;
import org.seqlab.nn.Dense;
import org.seqlab.nn.LayerNorm;
import org.seqlab.nn.Param;
import org.seqlab.train.optim.Optimizer;

/** Weight decay as nanoGPT applies it: matrices shrink, biases and LayerNorm's gain and offset do not. */
class OptimizersTest {

    private static TrainConfig config(String optimizer) {
        return new TrainConfig(1, 1, 1, 1, 0.01f, optimizer, 0.9f, false, 0, 0.1f, "constant", 0, 1, null, 0);
    }

    @Test
    void weightDecayShrinksMatricesOnly() {
        for (String kind : List.of("sgd", "adam", "adamw", "rmsprop")) {
            Backend be = CpuBackends.reference();
            Dense dense = new Dense(be, 3, 2, Activation.NONE, true, new Random(1));
            LayerNorm norm = new LayerNorm(be, 2, 1e-5f);
            List<Param> params = new ArrayList<>(dense.params());
            params.addAll(norm.params());
            for (Param p : params) {
                float[] ones = new float[p.value().size()];
                Arrays.fill(ones, 0.5f);
                p.value().copyFromHost(ones);
                p.grad().copyFromHost(new float[p.grad().size()]);
            }
            Optimizer opt = Optimizers.create(be, params, config(kind));
            opt.step();
            opt.step();
            for (Param p : params) {
                float[] now = p.value().toHost();
                if (p.value().shape().rank() >= 2) {
                    for (float x : now) assertTrue(x < 0.5f && x > 0, kind + ": " + p.name() + " shrinks: " + x);
                } else {
                    float[] half = new float[now.length];
                    Arrays.fill(half, 0.5f);
                    assertArrayEquals(half, now, kind + ": " + p.name() + " is not decayed");
                }
            }
            assertTrue(Optimizers.decays(dense.weight()) && !Optimizers.decays(dense.bias()));
            assertTrue(!Optimizers.decays(norm.params().get(0)) && !Optimizers.decays(norm.params().get(1)));
        }
    }
}
