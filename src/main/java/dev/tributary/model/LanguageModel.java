package dev.tributary.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A trained language model for inference: text embeddings, next-token logits, the likelihood of
 * a continuation (to classify few-shot prompts by the likelihood of each label) and sampling.
 *
 * <p>Built from what a checkpoint holds, with the same network code as {@link LmLearner}. Its
 * parameters record no gradients, so calls from any thread build no autograd graph; each call
 * works in a sub-manager of its own, so concurrent calls are safe, but {@link #close()} must
 * wait until none is running.
 *
 * <p>Every method reads at most {@code contextLength} tokens at a time. Generation recomputes
 * the whole window for each new token (there is no key/value cache), which at the default size
 * took about 2 ms a token here.
 *
 * <p>Calls this small suffer when the engine runs several intra-op threads on cores that other
 * busy processes share: each operation then waits for all its threads to be scheduled. On this
 * 2-core machine under load, a next-token call took 2 ms with one thread and 130 ms with two,
 * and embedding fell from about 970 to 100 documents a second. Serve from such a machine with
 * {@code -Dai.djl.pytorch.num_threads=1}, set before the engine loads.
 */
public final class LanguageModel implements AutoCloseable {

    /** Documents embedded in one forward pass, so a long list needs bounded memory. */
    private static final int EMBED_CHUNK = 32;

    private final LmConfig config;
    private final NDManager manager;
    private final TransformerLm network;
    private final ParameterStore store;

    /**
     * Rebuilds the network a checkpoint describes and loads its weights.
     *
     * @throws IllegalArgumentException if the description is not a language model's or the
     *     weights do not fit it, naming the first problem
     */
    public LanguageModel(ModelDescription description, List<NamedTensor> weights) {
        this.config = LmConfig.from(description);
        this.manager = Engines.pytorch().newBaseManager();
        try {
            this.network = TransformerLm.create(config, manager);
            Map<String, Parameter> parameters = BlockParameters.named(network);
            BlockParameters.load(parameters, weights);
            parameters.values().forEach(p -> p.getArray().setRequiresGradient(false));
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
        this.store = new ParameterStore(manager, false);
    }

    public LmConfig config() {
        return config;
    }

    /**
     * One vector of {@code width} values per document: the final hidden states (after the final
     * LayerNorm) averaged over the document's non-padding positions. A document longer than
     * the context is read up to the context length.
     *
     * @throws IllegalArgumentException if a document has no non-padding token or an id outside
     *     the vocabulary
     */
    public float[][] embed(int[][] documents) {
        float[][] embeddings = new float[documents.length][];
        for (int start = 0; start < documents.length; start += EMBED_CHUNK) {
            int end = Math.min(documents.length, start + EMBED_CHUNK);
            embedChunk(Arrays.copyOfRange(documents, start, end), embeddings, start);
        }
        return embeddings;
    }

    private void embedChunk(int[][] documents, float[][] into, int offset) {
        int length = 0;
        for (int[] document : documents) {
            length = Math.max(length, Math.min(document.length, config.contextLength()));
        }
        long[] ids = new long[documents.length * length];
        float[] mask = new float[ids.length];
        Arrays.fill(ids, config.paddingId());
        for (int row = 0; row < documents.length; row++) {
            int counted = 0;
            for (int column = 0; column < Math.min(documents[row].length, length); column++) {
                int id = checkedId(documents[row][column]);
                ids[row * length + column] = id;
                if (id != config.paddingId()) {
                    mask[row * length + column] = 1f;
                    counted++;
                }
            }
            if (counted == 0) {
                throw new IllegalArgumentException("document " + (offset + row)
                        + " has no token other than padding");
            }
        }
        try (NDManager scope = manager.newSubManager()) {
            NDArray tokens = scope.create(ids, new Shape(documents.length, length)); // (B, T)
            NDArray weights = scope.create(mask, new Shape(documents.length, length, 1));
            NDArray hidden = network.hidden(store, tokens, false); // (B, T, C)
            NDArray pooled = hidden.mul(weights).sum(new int[] {1})
                    .div(weights.sum(new int[] {1})); // (B, C)
            float[] flat = pooled.toFloatArray();
            int width = config.width();
            for (int row = 0; row < documents.length; row++) {
                into[offset + row] = Arrays.copyOfRange(flat, row * width, (row + 1) * width);
            }
        }
    }

    /**
     * Logits for the token after {@code context}, one per vocabulary id. Of a context longer
     * than the model's, the last {@code contextLength} tokens are read.
     *
     * @throws IllegalArgumentException if the context is empty or holds an id outside the
     *     vocabulary
     */
    public float[] nextTokenLogits(int[] context) {
        if (context.length == 0) {
            throw new IllegalArgumentException("the context needs at least one token; start a "
                    + "document with the end-of-document id " + BpeVocabulary.END_OF_DOCUMENT_ID);
        }
        int length = Math.min(context.length, config.contextLength());
        long[] ids = new long[length];
        for (int i = 0; i < length; i++) {
            ids[i] = checkedId(context[context.length - length + i]);
        }
        try (NDManager scope = manager.newSubManager()) {
            NDArray tokens = scope.create(ids, new Shape(1, length)); // (1, T)
            NDArray last = network.hidden(store, tokens, false).get(":, -1, :"); // (1, C)
            return network.logits(store, last, false).toFloatArray(); // (1, V)
        }
    }

    /**
     * The natural-log probability of {@code continuation} following {@code prefix}: the sum of
     * the log-probabilities of each continuation token given everything before it. To score a
     * text on its own, pass the end-of-document id as the prefix. When prefix and continuation
     * together exceed the context, the prefix loses its first tokens.
     *
     * @throws IllegalArgumentException if either part is empty, the continuation is longer
     *     than the context, or an id is outside the vocabulary
     */
    public double logLikelihood(int[] prefix, int[] continuation) {
        if (prefix.length == 0 || continuation.length == 0) {
            throw new IllegalArgumentException("prefix and continuation need a token each");
        }
        if (continuation.length > config.contextLength()) {
            throw new IllegalArgumentException("a continuation of " + continuation.length
                    + " tokens does not fit the context of " + config.contextLength());
        }
        int[] sequence = concat(prefix, continuation);
        int window = Math.min(sequence.length, config.contextLength() + 1);
        int from = sequence.length - window;
        int length = window - 1;
        long[] inputs = new long[length];
        long[] targets = new long[length];
        for (int i = 0; i < length; i++) {
            inputs[i] = checkedId(sequence[from + i]);
            targets[i] = checkedId(sequence[from + i + 1]);
        }
        try (NDManager scope = manager.newSubManager()) {
            NDArray tokens = scope.create(inputs, new Shape(1, length)); // (1, T)
            NDArray next = scope.create(targets, new Shape(1, length, 1)); // (1, T, 1)
            NDArray logits = network.forward(store, new NDList(tokens), false)
                    .head(); // (1, T, V)
            float[] picked = logits.logSoftmax(2).gather(next, 2).toFloatArray(); // (1, T, 1)
            double sum = 0;
            for (int i = length - continuation.length; i < length; i++) {
                sum += picked[i];
            }
            return sum;
        }
    }

    /**
     * Continues the prompt by up to {@code maxTokens} tokens, stopping early at the
     * end-of-document id (which is not returned). The same arguments give the same tokens.
     * An empty prompt starts a new document.
     *
     * @param temperature 0 for the likeliest token at each position, higher for more variety
     * @param topK draw only among the k likeliest tokens; 0 or less for no limit
     * @param seed seeds the draws
     * @return the new tokens, without the prompt
     */
    public int[] generate(int[] prompt, int maxTokens, float temperature, int topK, long seed) {
        if (maxTokens < 0) {
            throw new IllegalArgumentException("maxTokens must not be negative: " + maxTokens);
        }
        int[] sequence = prompt.length == 0
                ? new int[] {BpeVocabulary.END_OF_DOCUMENT_ID} : prompt.clone();
        int promptLength = sequence.length;
        Random random = new Random(seed);
        for (int i = 0; i < maxTokens; i++) {
            int next = TokenSampler.sample(nextTokenLogits(sequence), temperature, topK, random);
            if (next == BpeVocabulary.END_OF_DOCUMENT_ID) {
                break;
            }
            sequence = Arrays.copyOf(sequence, sequence.length + 1);
            sequence[sequence.length - 1] = next;
        }
        return Arrays.copyOfRange(sequence, promptLength, sequence.length);
    }

    private int checkedId(int id) {
        if (id < 0 || id >= config.vocabularySize()) {
            throw new IllegalArgumentException("token id " + id + " is outside the vocabulary of "
                    + config.vocabularySize());
        }
        return id;
    }

    private static int[] concat(int[] first, int[] second) {
        int[] joined = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, joined, first.length, second.length);
        return joined;
    }

    @Override
    public void close() {
        manager.close();
    }
}
