package dev.tributary.checkpoint;

/**
 * A checkpoint that was read but not accepted.
 *
 * @param model the model named by the record key or file name
 * @param version the version named by the record key or file name
 * @param reason what was wrong, as a closed set for metrics and alerts
 * @param detail what was wrong, in words, with the numbers that disagreed
 * @param location where it was read: {@code topic-partition@offset} of the manifest record,
 *     or the manifest's file path
 */
public record CheckpointRejection(String model, long version, RejectionReason reason,
        String detail, String location) {

    /** One line for a log. */
    public String describe() {
        return model + " v" + version + " at " + location + " rejected, " + reason + ": " + detail;
    }
}
