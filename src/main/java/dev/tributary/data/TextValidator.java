package dev.tributary.data;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;

/**
 * Checks a text record and returns it in canonical form: strict UTF-8 (overlong forms, encoded
 * surrogates and truncated sequences are refused, never replaced, so that two producers cannot
 * send the same text as different bytes), no NUL, LF line endings, Unicode NFC, and not blank.
 * A leading byte order mark is dropped. Thread-safe: the decoder is made per call because
 * {@link CharsetDecoder} keeps state and costs little to create.
 */
public final class TextValidator {

    /** 64 KiB: a long article, far below Kafka's message limit. */
    public static final int DEFAULT_MAX_BYTES = 65_536;

    private static final int BOM_LENGTH = 3;

    private final int maxBytes;

    public TextValidator(int maxBytes) {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be positive: " + maxBytes);
        }
        this.maxBytes = maxBytes;
    }

    public TextValidator() {
        this(DEFAULT_MAX_BYTES);
    }

    /** The canonical text, or an {@link InvalidRecordException} saying why there is none. */
    public String validate(byte[] value) {
        if (value == null || value.length == 0) {
            throw new InvalidRecordException(RejectReason.EMPTY_VALUE);
        }
        if (value.length > maxBytes) {
            throw new InvalidRecordException(RejectReason.VALUE_TOO_LARGE,
                    value.length + " bytes, limit " + maxBytes);
        }
        String text = decodeStrictly(value);
        if (text.indexOf('\0') >= 0) {
            throw new InvalidRecordException(RejectReason.NUL_BYTE,
                    "NUL at character " + text.indexOf('\0'));
        }
        text = normalise(text);
        if (isBlank(text)) {
            throw new InvalidRecordException(RejectReason.BLANK_TEXT);
        }
        return text;
    }

    private static String decodeStrictly(byte[] value) {
        int start = hasBom(value) ? BOM_LENGTH : 0;
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(value, start, value.length - start);
        CharBuffer out = CharBuffer.allocate(value.length - start); // UTF-8 never expands
        CoderResult result = decoder.decode(in, out, true);
        if (result.isUnderflow()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            throw new InvalidRecordException(RejectReason.INVALID_UTF8, String.format(
                    "invalid UTF-8 at byte offset %d: %s", in.position(), hex(value, in.position(),
                            result.length())));
        }
        return out.flip().toString();
    }

    private static boolean hasBom(byte[] value) {
        return value.length >= BOM_LENGTH && (value[0] & 0xff) == 0xef
                && (value[1] & 0xff) == 0xbb && (value[2] & 0xff) == 0xbf;
    }

    private static String normalise(String text) {
        if (text.indexOf('\r') >= 0) {
            text = text.replace("\r\n", "\n").replace('\r', '\n');
        }
        // The quick check is cheap and true for almost all real text, which then is not copied.
        return Normalizer.isNormalized(text, Normalizer.Form.NFC)
                ? text : Normalizer.normalize(text, Normalizer.Form.NFC);
    }

    /** Blank means white space only, counting Unicode spaces such as U+00A0 and U+3000. */
    private static boolean isBlank(String text) {
        return text.codePoints()
                .allMatch(c -> Character.isWhitespace(c) || Character.isSpaceChar(c));
    }

    private static String hex(byte[] value, int offset, int length) {
        StringBuilder hex = new StringBuilder();
        for (int i = offset; i < Math.min(value.length, offset + Math.max(1, length)); i++) {
            hex.append(hex.length() == 0 ? "" : " ").append(String.format("%02x", value[i]));
        }
        return hex.toString();
    }
}
