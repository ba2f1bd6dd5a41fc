package org.seqlab.backend.cuda;

/**
 * Every kernel seqlab launches: the PTX module (src/main/cuda/MODULE.cu), its entry name and its parameter
 * list, one letter each: p device pointer, i int, f float, l 64-bit integer. {@link #check} checks
 * arguments against the letters, and a test checks the letters against the .param lines of the shipped PTX,
 * so a kernel and its caller cannot drift apart unnoticed even on a machine without a GPU.
 */
enum Kernel {
    FILL("elementwise", "fill_f32", "pif"),
    COPY("elementwise", "copy_f32", "ppi"),
    AXPY("elementwise", "axpy_f32", "fppi"),
    SCALE("elementwise", "scale_f32", "pif"),
    MUL("elementwise", "mul_f32", "pppi"),
    CLAMP("elementwise", "clamp_f32", "piff"),
    ADD_ROW_VECTOR("elementwise", "add_row_vector_f32", "ppii"),
    SUM_ROWS("elementwise", "sum_rows_f32", "ppiii"),
    CONCAT_COLS("elementwise", "concat_cols_f32", "pppiii"),
    SPLIT_COLS("elementwise", "split_cols_f32", "pppiiii"),
    ACTIVATION("elementwise", "activation_f32", "ippi"),
    ACTIVATION_BACKWARD("elementwise", "activation_backward_f32", "ippppii"),

    REDUCE_PARTIALS("reduce", "reduce_partials_f32", "piip"),
    REDUCE_SUM("reduce", "reduce_sum_f64", "pip"),

    GEMM("gemm", "gemm_f32", "iiifpiipiifpi"),
    TRANSPOSE("gemm", "transpose_f32", "ppii"),

    LSTM_FORWARD("cells", "lstm_forward", "ppppii"),
    LSTM_BACKWARD("cells", "lstm_backward", "ppppppii"),
    GRU_FORWARD("cells", "gru_forward", "ppppii"),
    GRU_BACKWARD("cells", "gru_backward", "pppppppii"),

    GATHER("embed", "gather_f32", "pppii"),
    SCATTER_ADD("embed", "scatter_add_f32", "pppii"),
    ONE_HOT("embed", "one_hot_f32", "ppii"),

    SOFTMAX_XENT("losses", "softmax_xent_f32", "ppifpppii"),
    MSE("losses", "mse_f32", "ppfpip"),
    BCE_LOGITS("losses", "bce_logits_f32", "ppfppip"),
    LAYERNORM("losses", "layernorm_f32", "pppfpppii"),
    LAYERNORM_BACKWARD_DX("losses", "layernorm_backward_dx_f32", "ppppppii"),
    LAYERNORM_BACKWARD_PARAMS("losses", "layernorm_backward_params_f32", "ppppppii"),

    SGD("optim", "sgd_f32", "pppiffffii"),
    ADAM("optim", "adam_f32", "ppppifffffffi"),
    RMSPROP("optim", "rmsprop_f32", "ppppifffff"),
    DROPOUT_MASK("optim", "dropout_mask_f32", "piffl");

    final String module;
    final String entry;
    final String signature;

    Kernel(String module, String entry, String signature) {
        this.module = module;
        this.entry = entry;
        this.signature = signature;
    }

    /** Throws unless args are, in order, Long for 'p' and 'l', Integer for 'i', Float for 'f'. */
    void check(Object[] args) {
        boolean ok = args.length == signature.length();
        for (int i = 0; ok && i < args.length; i++) {
            char c = signature.charAt(i);
            Object a = args[i];
            ok = (c == 'p' || c == 'l') ? a instanceof Long : c == 'i' ? a instanceof Integer : a instanceof Float;
        }
        if (!ok) {
            StringBuilder got = new StringBuilder();
            for (Object a : args) got.append(a == null ? "null" : a.getClass().getSimpleName()).append(' ');
            throw new IllegalStateException("kernel " + entry + " takes (" + signature + "), called with " + got.toString().trim());
        }
    }

    /** Classpath resource of a module's PTX. */
    static String resource(String module) { return "/org/seqlab/backend/cuda/" + module + ".ptx"; }
}
