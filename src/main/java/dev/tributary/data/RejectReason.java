package dev.tributary.data;

/**
 * Why a record was refused. The name is written verbatim into the {@code reason} header of the
 * dead-letter record and into the {@code reason} tag of the rejection metric, so these names are
 * part of Tributary's public contract: add new ones, never rename.
 */
public enum RejectReason {
    /** The record has no key; keys identify documents and images downstream. */
    MISSING_KEY("record has no key"),
    /** The value is null or has zero bytes. */
    EMPTY_VALUE("record value is empty"),
    /** The value is larger than the configured limit for its topic. */
    VALUE_TOO_LARGE("record value exceeds the size limit"),
    /** Text that is not well-formed UTF-8. */
    INVALID_UTF8("text is not valid UTF-8"),
    /** Text that contains a NUL character. */
    NUL_BYTE("text contains a NUL byte"),
    /** Text with nothing but white space. */
    BLANK_TEXT("text is blank"),
    /** Bytes that are neither PNG nor JPEG. */
    UNSUPPORTED_FORMAT("image format is not PNG or JPEG"),
    /** A PNG or JPEG whose header or data cannot be read to the end. */
    CORRUPT_IMAGE("image is truncated or corrupt"),
    /** An image whose header declares a width or height of zero. */
    EMPTY_IMAGE("image has zero width or height"),
    /** An image whose header declares more pixels than allowed; refused before decoding. */
    IMAGE_TOO_LARGE("image has more pixels than allowed"),
    /** An image in a colour model the decoder does not convert. */
    UNSUPPORTED_COLOR_MODEL("image colour model is not supported");

    private final String description;

    RejectReason(String description) {
        this.description = description;
    }

    /** A short human sentence for logs and the {@code reason.detail} header's default. */
    public String description() {
        return description;
    }
}
