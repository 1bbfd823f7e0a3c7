package dev.tributary.adapt;

import java.util.List;

/**
 * What {@code GET /v1/finetune/{id}} says of a job.
 *
 * @param id the job's id
 * @param name the name it was given
 * @param model the model whose encoder it fine-tunes
 * @param version the checkpoint version it started from, fixed when it was accepted
 * @param state {@code queued}, {@code running}, {@code succeeded}, {@code failed} or
 *     {@code cancelled}
 * @param reason why it failed; absent otherwise
 * @param step steps done
 * @param steps steps asked for
 * @param loss the last step's training loss; absent before the first
 * @param heldOutAccuracy the latest held-out accuracy; absent before the first evaluation
 * @param bestHeldOutAccuracy the best held-out accuracy so far
 * @param frozenProbeAccuracy held-out accuracy of a linear probe on the frozen encoder, the
 *     figure fine-tuning is measured against; absent until fitted
 * @param labels the classes it learns
 * @param trainExamples examples trained on
 * @param heldOutExamples examples held out
 * @param elapsedMillis time running, so far or in all
 * @param source where the examples came from and what was left out
 * @param location the job's URL path
 */
record FineTuneStatus(String id, String name, String model, long version, String state,
        String reason, int step, int steps, Float loss, Double heldOutAccuracy,
        Double bestHeldOutAccuracy, Double frozenProbeAccuracy, List<String> labels,
        int trainExamples, int heldOutExamples, long elapsedMillis, SourceReport source,
        String location) {
}
