package org.seqlab.data;

/** z = (x - mean) / std with the training split's mean and std; kept to turn predictions back into units. */
public record Standardizer(double mean, double std) {

    public float apply(double x) {
        return (float) ((x - mean) / std);
    }

    /** The inverse: a standardised value (a prediction) back in the column's units. */
    public double restore(double z) {
        return z * std + mean;
    }
}
