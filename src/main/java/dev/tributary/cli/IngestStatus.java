package dev.tributary.cli;

import dev.tributary.data.RejectReason;
import dev.tributary.ingest.IngestMetrics;
import dev.tributary.ingest.IngestService;
import java.util.ArrayList;
import java.util.List;

/** One line saying what ingest has done so far: records in, batches out, refusals by reason. */
final class IngestStatus {

    private IngestStatus() {
    }

    static String of(IngestService ingest) {
        IngestMetrics images = ingest.imageMetrics();
        IngestMetrics text = ingest.textMetrics();
        return String.format("images %,.0f in, %,.0f batches | text %,.0f in, %,.0f batches"
                + " | DLQ %,.0f%s", images.received(), images.batches(), text.received(),
                text.batches(), images.rejectedTotal() + text.rejectedTotal(),
                reasons(images, text));
    }

    private static String reasons(IngestMetrics images, IngestMetrics text) {
        List<String> parts = new ArrayList<>();
        for (RejectReason reason : RejectReason.values()) {
            double count = images.rejected(reason) + text.rejected(reason);
            if (count > 0) {
                parts.add(String.format("%s %,.0f", reason, count));
            }
        }
        return parts.isEmpty() ? "" : " (" + String.join(", ", parts) + ")";
    }
}
