package dev.tributary.ingest;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Packs documents into fixed-length token sequences, one after another with an end-of-document
 * token after each, so no position is wasted on padding while the stream flows. It remembers
 * where each document ends, so every sequence can say how many documents finished in it.
 *
 * <p>The tokens not yet in a full sequence (the carry) serialise to a few hundred bytes, small
 * enough to be written to a changelogged store after every document.
 */
final class TokenPacker {

    private final int sequenceLength;
    private int[] carry;
    private int size;
    private final List<Integer> documentEnds = new ArrayList<>();

    TokenPacker(int sequenceLength) {
        this.sequenceLength = sequenceLength;
        this.carry = new int[sequenceLength * 2];
    }

    /** Appends a document and its end token; returns the sequences that became full. */
    List<Sample> add(int[] documentTokens, int endOfDocument) {
        ensureCapacity(size + documentTokens.length + 1);
        System.arraycopy(documentTokens, 0, carry, size, documentTokens.length);
        size += documentTokens.length;
        carry[size++] = endOfDocument;
        documentEnds.add(size - 1);

        List<Sample> full = new ArrayList<>();
        while (size >= sequenceLength) {
            full.add(cut(Arrays.copyOf(carry, sequenceLength), sequenceLength));
        }
        return full;
    }

    /** Emits the carry padded to a full sequence; the packer is empty afterwards. */
    Sample flush(int padding) {
        int[] sequence = Arrays.copyOf(carry, sequenceLength);
        Arrays.fill(sequence, size, sequenceLength, padding);
        return cut(sequence, size);
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** Removes the first {@code consumed} tokens of the carry, which now form {@code sequence}. */
    private Sample cut(int[] sequence, int consumed) {
        int finished = 0;
        while (finished < documentEnds.size() && documentEnds.get(finished) < consumed) {
            finished++;
        }
        documentEnds.subList(0, finished).clear();
        documentEnds.replaceAll(end -> end - consumed);
        System.arraycopy(carry, consumed, carry, 0, size - consumed);
        size -= consumed;
        return new Sample(toLittleEndian(sequence), finished);
    }

    private void ensureCapacity(int needed) {
        if (needed > carry.length) {
            carry = Arrays.copyOf(carry, Math.max(needed, carry.length * 2));
        }
    }

    static byte[] toLittleEndian(int[] tokens) {
        ByteBuffer buffer = ByteBuffer.allocate(tokens.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asIntBuffer().put(tokens);
        return buffer.array();
    }

    /** The carry as bytes: token count, tokens, end count, end positions. */
    byte[] toBytes() {
        ByteBuffer buffer = ByteBuffer.allocate(8 + 4 * (size + documentEnds.size()));
        buffer.putInt(size);
        for (int i = 0; i < size; i++) {
            buffer.putInt(carry[i]);
        }
        buffer.putInt(documentEnds.size());
        documentEnds.forEach(buffer::putInt);
        return buffer.array();
    }

    /** A packer holding the carry saved by {@link #toBytes()}. */
    static TokenPacker fromBytes(int sequenceLength, byte[] bytes) {
        TokenPacker packer = new TokenPacker(sequenceLength);
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        int count = buffer.getInt();
        packer.ensureCapacity(count);
        for (int i = 0; i < count; i++) {
            packer.carry[i] = buffer.getInt();
        }
        packer.size = count;
        int ends = buffer.getInt();
        for (int i = 0; i < ends; i++) {
            packer.documentEnds.add(buffer.getInt());
        }
        return packer;
    }
}
