package dev.tributary.model;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a byte-level BPE tokenizer in the GPT-2 style and saves it as a Hugging Face
 * {@code tokenizer.json} that {@link TextTokenizer} (and any Hugging Face tokenizers library)
 * loads.
 *
 * <p>Documents are split by the GPT-2 regex, each piece becomes its UTF-8 bytes, and the most
 * frequent adjacent pair is merged until the vocabulary reaches the configured size. The
 * vocabulary always holds the two special tokens (end of document at id 0, padding at id 1)
 * and all 256 byte symbols, so every input can be encoded and decoded back exactly.
 *
 * <p>Training holds every distinct word of the corpus in memory, which is small for natural
 * text (tens of thousands of words for a few megabytes) but grows with the corpus's variety.
 * The same documents in the same order always give the same file, byte for byte.
 */
public final class BpeTrainer {

    private static final Logger LOG = LoggerFactory.getLogger(BpeTrainer.class);

    private final BpeTrainerConfig config;

    public BpeTrainer(BpeTrainerConfig config) {
        this.config = config;
    }

    /** Learns a vocabulary from the documents, one string per document. */
    public BpeVocabulary train(Iterable<String> documents) {
        long started = System.nanoTime();
        WordCounter counter = new WordCounter();
        documents.forEach(counter::add);

        MergeLearner learner = new MergeLearner(counter.words(), counter.frequencies());
        int targetSymbols = config.vocabSize() - 2;
        List<BpeMerge> merges = learner.learn(targetSymbols, config.minFrequency());
        BpeVocabulary vocabulary = new BpeVocabulary(tokens(learner.symbols()), merges);

        LOG.info("Trained BPE tokenizer: {} tokens ({} asked), {} merges from {} documents, "
                        + "{} words ({} distinct) in {} ms",
                vocabulary.size(), config.vocabSize(), merges.size(), counter.documents(),
                counter.occurrences(), counter.distinctWords(),
                (System.nanoTime() - started) / 1_000_000);
        return vocabulary;
    }

    /** Learns a vocabulary from a stream of documents, consuming it. */
    public BpeVocabulary train(Stream<String> documents) {
        return train(documents::iterator);
    }

    /** Learns a vocabulary and writes it crash-safely as a {@code tokenizer.json}. */
    public BpeVocabulary trainAndWrite(Iterable<String> documents, Path tokenizerJson)
            throws IOException {
        BpeVocabulary vocabulary = train(documents);
        vocabulary.writeTo(tokenizerJson);
        LOG.info("Wrote tokenizer to {}", tokenizerJson);
        return vocabulary;
    }

    private List<String> tokens(List<String> symbols) {
        List<String> tokens = new ArrayList<>(symbols.size() + 2);
        tokens.add(config.endOfDocumentToken());
        tokens.add(config.paddingToken());
        tokens.addAll(symbols);
        return tokens;
    }
}
