package dev.tributary.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * SimCLR's normalised temperature-scaled cross-entropy over a batch of view pairs.
 *
 * <p>The input holds 2N projections: view one of every image, then view two in the same order,
 * so row {@code i} and row {@code i + N} come from one image. Each projection is scaled to unit
 * length; the cosine similarity of every pair, divided by the temperature, is a logit; each row
 * is a softmax classification over the other 2N - 1 rows whose correct answer is its partner.
 * The loss is the mean cross-entropy over all 2N rows, so each pair counts in both directions
 * and the other 2N - 2 views of the batch are the negatives.
 */
public final class NtXentLoss {

    /** Keeps a projection of zero length from dividing by zero. */
    private static final double NORM_EPSILON = 1e-12;
    /** Added to self-similarities; large enough that exp() of the logit is exactly zero. */
    private static final float MASK = 1e9f;

    private final float temperature;

    /** @param temperature divides the cosine similarities; must be positive */
    public NtXentLoss(float temperature) {
        if (!(temperature > 0)) {
            throw new IllegalArgumentException("temperature must be positive, got " + temperature);
        }
        this.temperature = temperature;
    }

    /**
     * The loss of projections (2N, P) as a scalar; intermediates join the projections' manager.
     *
     * @throws IllegalArgumentException if the rows are not an even number of at least 2
     */
    public NDArray compute(NDArray projections) {
        long rows = projections.getShape().get(0);
        if (projections.getShape().dimension() != 2 || rows < 2 || rows % 2 != 0) {
            throw new IllegalArgumentException("NT-Xent needs (2N, P) projections, got "
                    + projections.getShape());
        }
        int views = Math.toIntExact(rows);
        NDManager manager = projections.getManager();
        NDArray z = projections.normalize(2, 1, NORM_EPSILON);                 // (2N, P)
        // Scalars.of, not a Java number: backward reads these operands after the forward pass.
        NDArray logits = z.matMul(z.transpose())
                .div(Scalars.of(z, temperature));                              // (2N, 2N)
        NDArray self = manager.eye(views);                                     // (2N, 2N)
        logits = logits.sub(self.mul(Scalars.of(self, MASK)));
        // Row i's partner is i + N in the first half and i - N in the second: tiling the
        // N x N identity marks both the partners and the rows themselves.
        NDArray partners = manager.eye(views / 2).tile(new long[] {2, 2}).sub(self); // (2N, 2N)
        NDArray logProbabilities = logits.logSoftmax(1);                       // (2N, 2N)
        return logProbabilities.mul(partners).sum()
                .div(Scalars.of(z, -views));                                   // ()
    }
}
