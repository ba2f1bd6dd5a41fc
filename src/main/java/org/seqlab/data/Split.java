package org.seqlab.data;

/** The two parts every data set has: what the model trains on and what it is validated on. */
public enum Split {
    TRAIN, VALIDATION
}
