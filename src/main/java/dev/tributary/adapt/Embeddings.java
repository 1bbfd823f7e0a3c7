package dev.tributary.adapt;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.data.ImageDecoder;
import dev.tributary.data.InvalidRecordException;
import dev.tributary.data.TextValidator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Turns request inputs into embeddings with the model in service: text through the language
 * model (mean-pooled final hidden states), images through the SimCLR encoder (the
 * representation before the projection head). Inputs are checked the way ingest checks
 * records, with the same validator and decoder, and refused with a problem naming the input.
 */
final class Embeddings {

    /**
     * Vectors of one model version.
     *
     * @param vectors one per input, in order
     * @param model the model's name
     * @param version the checkpoint version
     */
    record Embedded(float[][] vectors, String model, long version) {
    }

    /**
     * Labeled records decoded and embedded with one model version.
     *
     * @param embedded one vector per record kept
     * @param labels the label of each vector
     * @param report the source's report, with the records refused while decoding counted in
     */
    record EmbeddedRecords(Embedded embedded, List<String> labels, SourceReport report) {
    }

    private final ModelHolder<TextModel> text;
    private final ModelHolder<ImageModel> images;
    private final TextValidator validator = new TextValidator();

    Embeddings(ModelHolder<TextModel> text, ModelHolder<ImageModel> images) {
        this.text = text;
        this.images = images;
    }

    ModelHolder<?> holder(InputKind kind) {
        return kind == InputKind.TEXT ? text : images;
    }

    /** Embeds every input, all of the given kind, with one model version. */
    Embedded embed(InputKind kind, List<JsonNode> inputs) {
        return kind == InputKind.TEXT ? embedTexts(inputs) : embedImages(inputs);
    }

    /** Decodes the records the way ingest does and embeds those kept, with one version. */
    EmbeddedRecords embed(LabeledRecords records) {
        if (records.kind() == InputKind.TEXT) {
            try (ModelLease<TextModel> lease = lease(text)) {
                DecodedRecords<String> decoded = DecodedRecords.texts(records);
                int[][] documents = decoded.inputs().stream().map(lease.model()::document)
                        .toArray(int[][]::new);
                float[][] vectors = lease.model().model().embed(documents); // (N, D)
                return new EmbeddedRecords(new Embedded(vectors, text.model(), lease.version()),
                        decoded.labels(), decoded.report());
            }
        }
        try (ModelLease<ImageModel> lease = lease(images)) {
            DecodedRecords<byte[]> decoded = DecodedRecords.images(records, lease.model().spec());
            float[][] vectors = lease.model().embed(decoded.inputs()); // (N, D)
            return new EmbeddedRecords(new Embedded(vectors, images.model(), lease.version()),
                    decoded.labels(), decoded.report());
        }
    }

    private Embedded embedTexts(List<JsonNode> inputs) {
        try (ModelLease<TextModel> lease = lease(text)) {
            int[][] documents = new int[inputs.size()][];
            for (int i = 0; i < inputs.size(); i++) {
                documents[i] = lease.model().document(validText(inputs.get(i), "text"));
            }
            return new Embedded(lease.model().model().embed(documents), text.model(),
                    lease.version());
        }
    }

    private Embedded embedImages(List<JsonNode> inputs) {
        try (ModelLease<ImageModel> lease = lease(images);
                ImageDecoder decoder = new ImageDecoder(lease.model().spec())) {
            List<byte[]> decoded = new ArrayList<>();
            for (JsonNode input : inputs) {
                decoded.add(decode(decoder, input));
            }
            return new Embedded(lease.model().embed(decoded), images.model(), lease.version());
        }
    }

    /** The field's text in canonical form, or an {@link ProblemType#INVALID_TEXT} problem. */
    String validText(JsonNode input, String field) {
        String value = JsonFields.text(input, field);
        try {
            return validator.validate(value.getBytes(StandardCharsets.UTF_8));
        } catch (InvalidRecordException e) {
            throw new ProblemException(ProblemType.INVALID_TEXT, "'" + field + "' "
                    + e.reason().description() + " (" + e.getMessage() + ")");
        }
    }

    private static byte[] decode(ImageDecoder decoder, JsonNode input) {
        String encoded = JsonFields.text(input, "image");
        byte[] bytes;
        try {
            bytes = Base64.getMimeDecoder().decode(encoded);
        } catch (IllegalArgumentException e) {
            throw new ProblemException(ProblemType.INVALID_IMAGE,
                    "'image' is not base64: " + e.getMessage());
        }
        try {
            return decoder.decode(bytes);
        } catch (InvalidRecordException e) {
            throw new ProblemException(ProblemType.INVALID_IMAGE, "'image' was refused, "
                    + e.reason() + ": " + e.getMessage());
        }
    }

    /** A lease on the holder's current version, or a 503 problem when there is none yet. */
    static <M extends AutoCloseable> ModelLease<M> lease(ModelHolder<M> holder) {
        return holder.lease().orElseThrow(() -> new ProblemException(
                ProblemType.MODEL_UNAVAILABLE, "no checkpoint of " + holder.model()
                        + " has been loaded yet; retry once /health reports ready"));
    }
}
