package dev.tributary.adapt;

import dev.tributary.data.ImageDecoder;
import dev.tributary.data.ImageSpec;
import dev.tributary.data.InvalidRecordException;
import dev.tributary.data.TextValidator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Labeled inputs decoded the way ingest decodes records, with the same decoder and validator:
 * images to C x H x W bytes of the model's shape, text to its canonical form. A value that
 * cannot be decoded fails a strict (uploaded) source with a problem naming it, and is counted
 * by reason and left out of any other.
 *
 * @param <T> {@code byte[]} planes for images, {@code String} for text
 * @param inputs the decoded inputs
 * @param labels the label of each input
 * @param report the source's report, with the values refused here counted in
 */
record DecodedRecords<T>(List<T> inputs, List<String> labels, SourceReport report) {

    static DecodedRecords<byte[]> images(LabeledRecords records, ImageSpec spec) {
        try (ImageDecoder decoder = new ImageDecoder(spec)) {
            return decode(records, decoder::decode, "image");
        }
    }

    static DecodedRecords<String> texts(LabeledRecords records) {
        TextValidator validator = new TextValidator();
        return decode(records, validator::validate, "text");
    }

    private interface Decoder<T> {
        T decode(byte[] value);
    }

    private static <T> DecodedRecords<T> decode(LabeledRecords records, Decoder<T> decoder,
            String field) {
        List<T> inputs = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        Map<String, Integer> rejected = new TreeMap<>();
        for (int i = 0; i < records.values().size(); i++) {
            try {
                inputs.add(decoder.decode(records.values().get(i)));
                labels.add(records.labels().get(i));
            } catch (InvalidRecordException e) {
                if (records.strict()) {
                    throw refused(field, i, e);
                }
                rejected.merge(e.reason().name(), 1, Integer::sum);
            }
        }
        return new DecodedRecords<>(inputs, labels, records.report().withRejected(rejected));
    }

    private static ProblemException refused(String field, int index, InvalidRecordException e) {
        String where = "'examples[" + index + "]." + field + "'";
        return field.equals("image")
                ? new ProblemException(ProblemType.INVALID_IMAGE, where + " was refused, "
                        + e.reason() + ": " + e.getMessage())
                : new ProblemException(ProblemType.INVALID_TEXT, where + " "
                        + e.reason().description() + " (" + e.getMessage() + ")");
    }
}
