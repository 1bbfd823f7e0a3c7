package dev.tributary.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts how often each pre-tokenized piece of text occurs, so the merge loop works on a few
 * tens of thousands of distinct words instead of millions of occurrences.
 *
 * <p>Words keep the order in which they were first seen, which makes training repeatable.
 */
final class WordCounter {

    private final Map<String, long[]> counts = new LinkedHashMap<>();
    private long documents;
    private long occurrences;

    /** Pre-tokenizes one document and counts its pieces. */
    void add(String document) {
        documents++;
        ByteLevelPreTokenizer.split(document, this::count);
    }

    long documents() {
        return documents;
    }

    long occurrences() {
        return occurrences;
    }

    int distinctWords() {
        return counts.size();
    }

    /** Returns every distinct word as byte symbol ids, in first-seen order. */
    List<int[]> words() {
        List<int[]> words = new ArrayList<>(counts.size());
        for (String word : counts.keySet()) {
            words.add(ByteLevelAlphabet.byteIds(word));
        }
        return words;
    }

    /** Returns the count of each word, in the same order as {@link #words()}. */
    long[] frequencies() {
        long[] frequencies = new long[counts.size()];
        int i = 0;
        for (long[] count : counts.values()) {
            frequencies[i++] = count[0];
        }
        return frequencies;
    }

    private void count(String piece) {
        occurrences++;
        counts.computeIfAbsent(piece, key -> new long[1])[0]++;
    }
}
