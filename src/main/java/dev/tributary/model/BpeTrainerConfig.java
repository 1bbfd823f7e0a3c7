package dev.tributary.model;

/**
 * Settings for {@link BpeTrainer}.
 *
 * @param vocabSize the number of token ids the tokenizer should have, special tokens and the
 *     256 byte symbols included; training stops early, with a smaller vocabulary, when no pair
 *     is frequent enough to merge
 * @param minFrequency the fewest occurrences a pair needs in the corpus to become a merge
 * @param endOfDocumentToken the special token that ends a document; it always gets id 0
 * @param paddingToken the special token that pads a batch; it always gets id 1
 */
public record BpeTrainerConfig(
        int vocabSize, int minFrequency, String endOfDocumentToken, String paddingToken) {

    /** The two special tokens plus one symbol for every byte value. */
    public static final int MIN_VOCAB_SIZE = 2 + 256;

    public static final int DEFAULT_VOCAB_SIZE = 4096;
    public static final int DEFAULT_MIN_FREQUENCY = 2;
    public static final String DEFAULT_END_OF_DOCUMENT = "<|endoftext|>";
    public static final String DEFAULT_PADDING = "<|pad|>";

    /** Checks the settings. */
    public BpeTrainerConfig {
        if (vocabSize < MIN_VOCAB_SIZE) {
            throw new IllegalArgumentException(
                    "vocabSize must be at least " + MIN_VOCAB_SIZE + ", got " + vocabSize);
        }
        if (minFrequency < 1) {
            throw new IllegalArgumentException("minFrequency must be positive: " + minFrequency);
        }
        requireToken(endOfDocumentToken, "endOfDocumentToken");
        requireToken(paddingToken, "paddingToken");
        if (endOfDocumentToken.equals(paddingToken)) {
            throw new IllegalArgumentException("the two special tokens must differ");
        }
    }

    /** Returns the defaults: 4,096 tokens, pairs seen at least twice, GPT-2 style specials. */
    public static BpeTrainerConfig defaults() {
        return withVocabSize(DEFAULT_VOCAB_SIZE);
    }

    /** Returns the defaults with another vocabulary size. */
    public static BpeTrainerConfig withVocabSize(int vocabSize) {
        return new BpeTrainerConfig(
                vocabSize, DEFAULT_MIN_FREQUENCY, DEFAULT_END_OF_DOCUMENT, DEFAULT_PADDING);
    }

    private static void requireToken(String token, String name) {
        if (token == null || token.isEmpty()) {
            throw new IllegalArgumentException(name + " must not be empty");
        }
    }
}
