package dev.tributary.ingest;

import dev.tributary.data.Batch;
import java.util.List;

/** Turns the payloads of pending samples, oldest first, into one batch. */
@FunctionalInterface
interface BatchAssembler {

    Batch assemble(List<byte[]> payloads, int sourceRecords);
}
