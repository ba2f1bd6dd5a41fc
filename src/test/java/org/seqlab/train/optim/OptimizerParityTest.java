package org.seqlab.train.optim;

import static org.junit.jupiter.api.Assertions.*;

import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.seqlab.backend.Backend;
import org.seqlab.backend.CpuBackends;
import org.seqlab.nn.Param;
import org.seqlab.tensor.Safetensors;

/** Five-step trajectories of each optimizer with clipping, against PyTorch (relative error <= 1e-4 per tensor). */
class OptimizerParityTest {
    private final Backend be = CpuBackends.fast();

    @ParameterizedTest
    @ValueSource(strings = {"sgd", "sgd_momentum", "sgd_nesterov", "sgd_dampening", "adam", "adamw", "rmsprop", "rmsprop_momentum",
        "adam_clipvalue"})
    void trajectory(String name) throws Exception {
        Safetensors.Contents f;
        try (InputStream in = getClass().getResourceAsStream("/fixtures/optim_" + name + ".safetensors")) {
            assertNotNull(in, "fixture optim_" + name);
            f = Safetensors.parse(in.readAllBytes(), name);
        }
        Map<String, String> md = f.metadata();
        List<Param> params = List.of(param(f, "a"), param(f, "b"));
        Optimizer opt = optimizer(md, params);
        for (int k = 1; k <= 5; k++) {
            for (Param p : params) p.grad().copyFromHost(f.get("g" + k + "." + p.name()).floats());
            if ("value".equals(md.get("clip"))) GradClip.byValue(be, params, Float.parseFloat(md.get("clip_value")));
            else GradClip.byNorm(be, params, Double.parseDouble(md.get("max_norm")));
            opt.step();
            for (Param p : params) {
                float[] want = f.get("p" + k + "." + p.name()).floats(), got = p.value().toHost();
                double scale = 1e-12, err = 0;
                for (int i = 0; i < want.length; i++) {
                    scale = Math.max(scale, Math.abs(want[i]));
                    err = Math.max(err, Math.abs(want[i] - got[i]));
                }
                assertTrue(err / scale <= 1e-4, name + " step " + k + " " + p.name() + ": relative error " + err / scale);
            }
        }
    }

    private Param param(Safetensors.Contents f, String n) {
        var e = f.get("p." + n);
        return new Param(n, be.fromHost(e.floats(), e.shape()), be.alloc(e.shape()));
    }

    private Optimizer optimizer(Map<String, String> md, List<Param> params) {
        float lr = f(md, "lr", 0), wd = f(md, "weight_decay", 0), eps = f(md, "eps", 1e-8f);
        return switch (md.get("optimizer")) {
            case "sgd" -> new Sgd(be, params, lr, f(md, "momentum", 0), f(md, "dampening", 0), wd, Boolean.parseBoolean(md.get("nesterov")));
            case "adam" -> new Adam(be, params, lr, f(md, "beta1", .9f), f(md, "beta2", .999f), eps, wd, false);
            case "adamw" -> new AdamW(be, params, lr, f(md, "beta1", .9f), f(md, "beta2", .999f), eps, wd);
            case "rmsprop" -> new RmsProp(be, params, lr, f(md, "alpha", .99f), eps, wd, f(md, "momentum", 0));
            default -> throw new IllegalArgumentException(md.get("optimizer"));
        };
    }

    private static float f(Map<String, String> md, String key, float dflt) {
        String v = md.get(key);
        return v == null ? dflt : Float.parseFloat(v);
    }
}
