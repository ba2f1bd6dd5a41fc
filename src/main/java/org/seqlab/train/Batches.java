package org.seqlab.train;

/** Layout helpers between the data's row-major batches and the model's time-major ones. */
final class Batches {

    private Batches() {
    }

    /** src (B, T) row-major to dst (T, B) time-major: dst[t*B + b] = src[b*T + t]. */
    static void timeMajor(int[] src, int[] dst, int batch, int steps) {
        for (int b = 0; b < batch; b++) {
            int row = b * steps;
            for (int t = 0; t < steps; t++) dst[t * batch + b] = src[row + t];
        }
    }
}
