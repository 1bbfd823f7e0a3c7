package dev.tributary.adapt;

import java.util.List;

/**
 * Labeled inputs as a source gave them, not yet decoded.
 *
 * @param kind text or images, the same for every record
 * @param values encoded images (PNG or JPEG) or UTF-8 text, one a label
 * @param labels the label of each value
 * @param strict whether a value that cannot be decoded fails the request with a problem (an
 *     upload, which its sender can fix) or is counted in the report and left out (a topic)
 * @param report where the records came from and what was left out while reading them
 */
record LabeledRecords(InputKind kind, List<byte[]> values, List<String> labels, boolean strict,
        SourceReport report) {

    LabeledRecords {
        values = List.copyOf(values);
        labels = List.copyOf(labels);
        if (values.size() != labels.size()) {
            throw new IllegalArgumentException(values.size() + " values but " + labels.size()
                    + " labels");
        }
    }
}
