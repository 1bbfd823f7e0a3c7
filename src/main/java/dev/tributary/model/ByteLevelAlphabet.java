package dev.tributary.model;

import java.nio.charset.StandardCharsets;

/**
 * The GPT-2 byte-to-character table that Hugging Face's ByteLevel pre-tokenizer uses.
 *
 * <p>Every byte value gets a printable, non-space character, so a token is an ordinary string
 * and a merge can be written as two tokens separated by a space. Bytes that are already
 * printable Latin-1 characters keep their character; the others take characters from 256 up.
 */
final class ByteLevelAlphabet {

    private static final char[] BYTE_TO_CHAR = buildTable();

    private ByteLevelAlphabet() {
    }

    /** Returns the one-character symbol for a byte value in 0..255. */
    static String symbol(int byteValue) {
        return String.valueOf(BYTE_TO_CHAR[byteValue]);
    }

    /** Returns the UTF-8 bytes of a piece of text as unsigned values, one symbol id each. */
    static int[] byteIds(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        int[] ids = new int[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            ids[i] = bytes[i] & 0xff;
        }
        return ids;
    }

    private static char[] buildTable() {
        char[] table = new char[256];
        int next = 256;
        for (int b = 0; b < 256; b++) {
            table[b] = keepsItsCharacter(b) ? (char) b : (char) next++;
        }
        return table;
    }

    private static boolean keepsItsCharacter(int b) {
        return (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
    }
}
