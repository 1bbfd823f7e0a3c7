package dev.tributary.adapt;

import java.util.Locale;

/** Where a fine-tuning job is in its life; the last three are final. */
enum FineTuneState {
    QUEUED,
    RUNNING,
    SUCCEEDED,
    FAILED,
    CANCELLED;

    /** How responses and the {@code state} tag of the meters write it, such as "running". */
    String field() {
        return name().toLowerCase(Locale.ROOT);
    }

    boolean finished() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }
}
