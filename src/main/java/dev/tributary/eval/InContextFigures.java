package dev.tributary.eval;

import java.util.List;

/**
 * What a language model learns from its prompt alone.
 *
 * @param sequences random token sequences in the induction test
 * @param length tokens in each copy of a sequence
 * @param firstCopyLoss mean loss in nats a token on the first copy, which cannot be predicted
 * @param secondCopyLoss mean loss on the second copy; below the first when the model copies
 *     from its context (induction)
 * @param categories the fortune categories the few-shot prompts choose between
 * @param queries held-out fortunes classified at each number of shots
 * @param fewShot accuracy at each number of examples in the prompt
 * @param chance the accuracy of guessing, one over the number of categories
 */
public record InContextFigures(int sequences, int length, double firstCopyLoss,
        double secondCopyLoss, List<String> categories, int queries, List<FewShot> fewShot,
        double chance) {

    public InContextFigures {
        categories = List.copyOf(categories);
        fewShot = List.copyOf(fewShot);
    }

    /**
     * Few-shot classification at one prompt size.
     *
     * @param shots labelled examples before the query
     * @param accuracy share of queries whose likeliest label is right
     */
    public record FewShot(int shots, double accuracy) {
    }
}
