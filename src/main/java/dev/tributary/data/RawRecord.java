package dev.tributary.data;

/**
 * A record as a producer sends it to a raw topic: a key naming the item, the bytes of a text
 * document or an encoded image, and an optional label that travels in the {@code label} header.
 *
 * @param key unique name of the item within its data set
 * @param value UTF-8 text, or PNG or JPEG bytes
 * @param label class or category of the item, or null when unlabeled
 */
public record RawRecord(String key, byte[] value, String label) {
}
