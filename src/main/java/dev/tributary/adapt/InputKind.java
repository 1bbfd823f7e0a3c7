package dev.tributary.adapt;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What an embedding input is, named by its field: {@code {"text": "..."}} for the language
 * model, {@code {"image": "<base64 PNG or JPEG>"}} for the image encoder.
 */
public enum InputKind {
    TEXT("text"),
    IMAGE("image");

    private final String field;

    InputKind(String field) {
        this.field = field;
    }

    /** The JSON field holding the input, also how the kind is written in responses. */
    public String field() {
        return field;
    }

    /** The kind of an input object, which must have exactly one of the two fields. */
    static InputKind of(JsonNode input, String where) {
        JsonFields.requireObject(input, where);
        boolean text = input.hasNonNull(TEXT.field);
        boolean image = input.hasNonNull(IMAGE.field);
        if (text == image) {
            throw JsonFields.invalid(where, "must have exactly one of 'text' and 'image'");
        }
        return text ? TEXT : IMAGE;
    }

    @Override
    public String toString() {
        return field;
    }
}
