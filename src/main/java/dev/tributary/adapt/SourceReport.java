package dev.tributary.adapt;

import java.util.Map;
import java.util.TreeMap;

/**
 * Where labeled examples came from and what was left out on the way, so that nothing is dropped
 * silently: every record read is either used or counted here.
 *
 * @param source {@code examples}, {@code fashion-mnist}, {@code fortunes} or the topic's name
 * @param read records read from the source
 * @param unlabeled records without a {@code label} header (or with a blank one), left out
 * @param undecodable records whose value could not be decoded, left out
 * @param rejected the undecodable records by reason, such as {@code CORRUPT_IMAGE}
 * @param timedOut for a topic, whether the timeout ended the read before the end or the limit;
 *     absent for other sources
 */
record SourceReport(String source, int read, int unlabeled, int undecodable,
        Map<String, Integer> rejected, Boolean timedOut) {

    SourceReport {
        rejected = Map.copyOf(rejected);
    }

    /** A source whose every record was read and labeled. */
    static SourceReport complete(String source, int read) {
        return new SourceReport(source, read, 0, 0, Map.of(), null);
    }

    /** This report with the records refused while decoding, by reason, counted in. */
    SourceReport withRejected(Map<String, Integer> byReason) {
        Map<String, Integer> merged = new TreeMap<>(rejected);
        byReason.forEach((reason, count) -> merged.merge(reason, count, Integer::sum));
        int total = merged.values().stream().mapToInt(Integer::intValue).sum();
        return new SourceReport(source, read, unlabeled, total, merged, timedOut);
    }
}
