package org.seqlab.backend.cpu;

/** Vectorised cell kernels (to be filled in); for now the scalar ones. */
final class VectorCells extends CellKernels.Scalar {
}
