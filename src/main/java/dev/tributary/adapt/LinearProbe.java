package dev.tributary.adapt;

import dev.tributary.model.SoftmaxRegression;
import java.util.List;

/**
 * A linear probe: a softmax classifier over the frozen embeddings of one model version.
 * Embeddings of another version live in another space, so the probe only answers for the
 * version it was fitted on.
 *
 * @param name the probe's name in its URL
 * @param input what it classifies, text or images
 * @param model the model whose embeddings it reads
 * @param version the checkpoint version it was fitted on
 * @param labels the classes, in the order of the classifier's outputs
 * @param classifier the fitted classifier
 * @param summary the fit's figures
 */
record LinearProbe(String name, InputKind input, String model, long version, List<String> labels,
        SoftmaxRegression.Fitted classifier, Summary summary) {

    /**
     * What {@code GET /v1/probes/{name}} and the fit return.
     *
     * @param name the probe's name
     * @param input {@code text} or {@code image}
     * @param model the model whose embeddings it reads
     * @param version the checkpoint version it was fitted on
     * @param labels the classes
     * @param trainExamples examples fitted on
     * @param heldOutExamples examples held out
     * @param trainAccuracy accuracy on the fitted examples
     * @param heldOutAccuracy accuracy on the held-out ones; absent when none were held out
     * @param fitMillis time to read, embed and fit
     * @param source where the examples came from and what was left out
     */
    record Summary(String name, String input, String model, long version, List<String> labels,
            int trainExamples, int heldOutExamples, double trainAccuracy,
            Double heldOutAccuracy, long fitMillis, SourceReport source) {
    }
}
