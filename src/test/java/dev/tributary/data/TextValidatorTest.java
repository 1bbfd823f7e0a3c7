package dev.tributary.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

class TextValidatorTest {

    private final TextValidator validator = new TextValidator();

    @Test
    void wellFormedTextIsReturnedUnchanged() {
        String text = "Grüße, 世界 🌍\n";
        assertThat(validator.validate(utf8(text))).isEqualTo(text);
    }

    @Test
    void nullAndEmptyAreEmptyValues() {
        assertRejected(null, RejectReason.EMPTY_VALUE);
        assertRejected(new byte[0], RejectReason.EMPTY_VALUE);
    }

    @Test
    void textOverTheLimitIsTooLarge() {
        assertThatThrownBy(() -> new TextValidator(4).validate(utf8("hello")))
                .isInstanceOfSatisfying(InvalidRecordException.class,
                        e -> assertThat(e.reason()).isEqualTo(RejectReason.VALUE_TOO_LARGE));
    }

    @Test
    void strayContinuationByteIsInvalidWithItsOffset() {
        assertRejected(bytes('a', 'b', 0x80), RejectReason.INVALID_UTF8)
                .hasMessageContaining("offset 2");
    }

    @Test
    void overlongEncodingIsInvalid() {
        assertRejected(bytes('x', 0xC0, 0xAF), RejectReason.INVALID_UTF8)
                .hasMessageContaining("offset 1");
        assertRejected(bytes(0xE0, 0x80, 0xAF), RejectReason.INVALID_UTF8);
    }

    @Test
    void encodedSurrogateIsInvalid() {
        assertRejected(bytes('o', 'k', 0xED, 0xA0, 0x80), RejectReason.INVALID_UTF8)
                .hasMessageContaining("offset 2");
    }

    @Test
    void truncatedSequenceAtTheEndIsInvalid() {
        assertRejected(bytes('a', 0xE4, 0xB8), RejectReason.INVALID_UTF8);
    }

    @Test
    void codePointAboveUnicodeRangeIsInvalid() {
        assertRejected(bytes(0xF4, 0x90, 0x80, 0x80), RejectReason.INVALID_UTF8);
    }

    @Test
    void nulIsRefused() {
        assertRejected(bytes('a', 0, 'b'), RejectReason.NUL_BYTE);
    }

    @Test
    void whitespaceOnlyIsBlankIncludingUnicodeSpaces() {
        assertRejected(utf8(" \t\r\n"), RejectReason.BLANK_TEXT);
        assertRejected(utf8("\u00A0\u2003\u3000\n"), RejectReason.BLANK_TEXT);
    }

    @Test
    void byteOrderMarkAloneIsEmptyTextAndSoBlank() {
        assertRejected(bytes(0xEF, 0xBB, 0xBF), RejectReason.BLANK_TEXT);
    }

    @Test
    void leadingByteOrderMarkIsStripped() {
        assertThat(validator.validate(bytes(0xEF, 0xBB, 0xBF, 'h', 'i'))).isEqualTo("hi");
    }

    @Test
    void offsetsCountTheByteOrderMark() {
        assertRejected(bytes(0xEF, 0xBB, 0xBF, 'h', 0xFF), RejectReason.INVALID_UTF8)
                .hasMessageContaining("offset 4");
    }

    @Test
    void crlfAndCrBecomeLf() {
        assertThat(validator.validate(utf8("a\r\nb\rc\n\r\n"))).isEqualTo("a\nb\nc\n\n");
    }

    @Test
    void decomposedTextIsComposedToNfc() {
        assertThat(validator.validate(utf8("Cafe\u0301"))).isEqualTo("Caf\u00e9");
    }

    private AbstractThrowableAssert<?, ? extends Throwable> assertRejected(byte[] value,
            RejectReason reason) {
        return assertThatThrownBy(() -> validator.validate(value))
                .isInstanceOfSatisfying(InvalidRecordException.class,
                        e -> assertThat(e.reason()).isEqualTo(reason));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] bytes(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }
}
