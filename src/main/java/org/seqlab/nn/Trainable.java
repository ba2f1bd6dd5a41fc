package org.seqlab.nn;

import java.util.List;
import org.seqlab.backend.Backend;

/**
 * What the training loop needs of a network, whatever its kind ({@link Model}, {@link EncoderDecoder}): its
 * parameters and their gradients, the backend they live on, the backward pass of the last loss, and the dropout
 * sites whose mask streams a resume or a roll-back puts back.
 */
public interface Trainable {

    List<Param> params();

    /** Untrained state a checkpoint keeps beside the parameters (a frozen embedding's table), named like them. */
    default List<Param> buffers() { return List.of(); }

    Backend backend();

    void zeroGrad();

    /** Back-propagates the last loss computed with gradients into every parameter's gradient. */
    void backward();

    List<DropoutSite> dropoutSites();
}
