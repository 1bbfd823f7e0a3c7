package dev.tributary.eval;

import dev.tributary.data.Fortune;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The fortunes split by document into a train part and a held-out part, with a fixed seed so
 * every run holds out the same documents.
 *
 * <p>The trainer reads whatever producers send, so nothing guarantees that a checkpoint never
 * saw a held-out fortune (the demo produces all of them); the split only keeps the comparison
 * with the compressors fair, since they are given exactly the train part.
 *
 * @param train about 90% of the documents, in corpus order
 * @param heldOut the other 10%, in corpus order
 */
public record FortuneSplit(List<Fortune> train, List<Fortune> heldOut) {

    /** The seed of the split every evaluation uses. */
    public static final long SEED = 20_240_601L;

    public FortuneSplit {
        train = List.copyOf(train);
        heldOut = List.copyOf(heldOut);
    }

    /** Holds out each document with probability 1/10, drawn with {@link #SEED}. */
    public static FortuneSplit of(List<Fortune> fortunes) {
        Random random = new Random(SEED);
        List<Fortune> train = new ArrayList<>();
        List<Fortune> heldOut = new ArrayList<>();
        for (Fortune fortune : fortunes) {
            (random.nextInt(10) == 0 ? heldOut : train).add(fortune);
        }
        return new FortuneSplit(train, heldOut);
    }
}
