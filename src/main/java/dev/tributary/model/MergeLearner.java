package dev.tributary.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Learns BPE merges over counted words by repeatedly merging the most frequent adjacent pair.
 *
 * <p>A full recount per merge would cost the whole corpus each time. Instead every pair keeps
 * the list of words it may occur in, and a merge touches only the words of its pair: their old
 * pairs are subtracted, the merge is applied, and their new pairs are added. The most frequent
 * pair comes from a priority queue whose stale entries (counts that changed since they were
 * queued) are skipped when they surface; every changed count is queued afresh.
 *
 * <p>Ties go to the pair whose left, then right, symbol id is smaller, so the same corpus in
 * the same order always yields the same merges. Symbols 0..255 are the bytes; each merge whose
 * result is a new string adds the next id. Two merge paths can spell the same string, in which
 * case the merge reuses the existing symbol and the vocabulary does not grow.
 */
final class MergeLearner {

    private static final Logger LOG = LoggerFactory.getLogger(MergeLearner.class);
    private static final int LOG_EVERY = 500;

    private final int[][] words;
    private final int[] lengths;
    private final long[] frequencies;
    private final Map<Long, Long> pairCounts = new HashMap<>();
    private final Map<Long, WordList> pairWords = new HashMap<>();
    private final PriorityQueue<Candidate> queue = new PriorityQueue<>(Candidate.ORDER);
    private final List<String> symbols = new ArrayList<>();
    private final Map<String, Integer> symbolIds = new HashMap<>();
    private final List<BpeMerge> merges = new ArrayList<>();

    MergeLearner(List<int[]> words, long[] frequencies) {
        this.words = words.toArray(new int[0][]);
        this.lengths = new int[this.words.length];
        this.frequencies = frequencies.clone();
        for (int b = 0; b < 256; b++) {
            addSymbol(ByteLevelAlphabet.symbol(b));
        }
        countInitialPairs();
    }

    /**
     * Merges until there are {@code targetSymbols} symbols or no pair occurs at least
     * {@code minFrequency} times, and returns the merges in the order learned (their rank).
     */
    List<BpeMerge> learn(int targetSymbols, int minFrequency) {
        while (symbols.size() < targetSymbols) {
            Candidate best = nextCandidate();
            if (best == null || best.count() < minFrequency) {
                break;
            }
            merge(best.pair());
            if (merges.size() % LOG_EVERY == 0) {
                LOG.debug("{} merges, {} symbols, last '{}' seen {} times", merges.size(),
                        symbols.size(), merges.get(merges.size() - 1).joined(), best.count());
            }
        }
        return List.copyOf(merges);
    }

    /** Returns every symbol string by id: the 256 bytes, then the merge results. */
    List<String> symbols() {
        return List.copyOf(symbols);
    }

    private void countInitialPairs() {
        Map<Long, Long> deltas = new HashMap<>();
        for (int w = 0; w < words.length; w++) {
            lengths[w] = words[w].length;
            addPairs(w, deltas, -1);
        }
        applyDeltas(deltas);
    }

    private Candidate nextCandidate() {
        Candidate top;
        while ((top = queue.poll()) != null) {
            Long current = pairCounts.get(top.pair());
            if (current != null && current == top.count()) {
                return top;
            }
        }
        return null;
    }

    private void merge(long pair) {
        int left = leftOf(pair);
        int right = rightOf(pair);
        BpeMerge learned = new BpeMerge(symbols.get(left), symbols.get(right));
        int merged = addSymbol(learned.result());
        merges.add(learned);

        Map<Long, Long> deltas = new HashMap<>();
        WordList candidates = pairWords.remove(pair);
        for (int i = 0; i < candidates.size(); i++) {
            int w = candidates.get(i);
            if (contains(w, left, right)) {
                subtractPairs(w, deltas);
                replace(w, left, right, merged);
                addPairs(w, deltas, merged);
            }
        }
        applyDeltas(deltas);
    }

    private int addSymbol(String symbol) {
        Integer existing = symbolIds.get(symbol);
        if (existing != null) {
            return existing;
        }
        symbols.add(symbol);
        symbolIds.put(symbol, symbols.size() - 1);
        return symbols.size() - 1;
    }

    private boolean contains(int w, int left, int right) {
        int[] word = words[w];
        for (int i = 0; i + 1 < lengths[w]; i++) {
            if (word[i] == left && word[i + 1] == right) {
                return true;
            }
        }
        return false;
    }

    private void replace(int w, int left, int right, int merged) {
        int[] word = words[w];
        int length = lengths[w];
        int out = 0;
        for (int i = 0; i < length; i++) {
            if (i + 1 < length && word[i] == left && word[i + 1] == right) {
                word[out++] = merged;
                i++;
            } else {
                word[out++] = word[i];
            }
        }
        lengths[w] = out;
    }

    private void subtractPairs(int w, Map<Long, Long> deltas) {
        int[] word = words[w];
        for (int i = 0; i + 1 < lengths[w]; i++) {
            deltas.merge(pairOf(word[i], word[i + 1]), -frequencies[w], Long::sum);
        }
    }

    /**
     * Adds the word's pairs to the deltas. Pairs containing {@code tracked} (or all pairs when
     * it is -1) are new to this word, so the word joins their lists; other pairs list it already.
     */
    private void addPairs(int w, Map<Long, Long> deltas, int tracked) {
        int[] word = words[w];
        for (int i = 0; i + 1 < lengths[w]; i++) {
            long pair = pairOf(word[i], word[i + 1]);
            deltas.merge(pair, frequencies[w], Long::sum);
            if (tracked < 0 || word[i] == tracked || word[i + 1] == tracked) {
                pairWords.computeIfAbsent(pair, key -> new WordList()).addOnce(w);
            }
        }
    }

    private void applyDeltas(Map<Long, Long> deltas) {
        for (Map.Entry<Long, Long> delta : deltas.entrySet()) {
            if (delta.getValue() == 0) {
                continue;
            }
            long count = pairCounts.merge(delta.getKey(), delta.getValue(), Long::sum);
            if (count <= 0) {
                pairCounts.remove(delta.getKey());
            } else {
                queue.add(new Candidate(count, delta.getKey()));
            }
        }
    }

    private static long pairOf(int left, int right) {
        return ((long) left << 32) | right;
    }

    private static int leftOf(long pair) {
        return (int) (pair >>> 32);
    }

    private static int rightOf(long pair) {
        return (int) pair;
    }

    /** A pair and its count when it was queued; most frequent first, then smallest ids. */
    private record Candidate(long count, long pair) {
        static final Comparator<Candidate> ORDER = Comparator
                .comparingLong(Candidate::count).reversed()
                .thenComparingLong(Candidate::pair);
    }

    /** A growable list of word indexes, without boxing. */
    private static final class WordList {
        private int[] items = new int[4];
        private int size;

        /** Appends a word unless it was the last one appended; each word is added in one go. */
        void addOnce(int w) {
            if (size > 0 && items[size - 1] == w) {
                return;
            }
            if (size == items.length) {
                items = Arrays.copyOf(items, size * 2);
            }
            items[size++] = w;
        }

        int size() {
            return size;
        }

        int get(int i) {
            return items[i];
        }
    }
}
