package dev.tributary.eval;

import dev.tributary.checkpoint.Checkpoint;
import dev.tributary.data.FortuneReader;
import dev.tributary.model.LanguageModel;
import dev.tributary.model.TextTokenizer;
import java.io.IOException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The quality evaluation of an image and a text checkpoint: Fashion-MNIST probes of the
 * image encoder; held-out bits per byte and in-context learning of the language model.
 */
public final class Evaluation {

    private static final Logger LOG = LoggerFactory.getLogger(Evaluation.class);

    private final EvalSizes sizes;

    public Evaluation(EvalSizes sizes) {
        this.sizes = sizes;
    }

    /**
     * Evaluates whichever checkpoints are present; a missing one leaves its blocks null.
     *
     * @throws IllegalArgumentException if a text checkpoint carries no tokenizer
     */
    public EvalReport evaluate(Optional<Checkpoint> image, Optional<Checkpoint> text)
            throws IOException {
        ImageFigures images = null;
        if (image.isPresent()) {
            LOG.info("Evaluating {} v{} on Fashion-MNIST", image.get().model(),
                    image.get().version());
            images = new ImageEvaluation(sizes.trainImages(), sizes.testImages())
                    .evaluate(image.get().manifest().description(), image.get().tensors());
        }
        TextFigures textFigures = null;
        InContextFigures inContext = null;
        if (text.isPresent()) {
            Checkpoint checkpoint = text.get();
            String tokenizerJson = checkpoint.manifest().tokenizerJson();
            if (tokenizerJson == null) {
                throw new IllegalArgumentException(checkpoint.model() + " v"
                        + checkpoint.version() + " has no tokenizer in its manifest");
            }
            LOG.info("Evaluating {} v{} on held-out fortunes", checkpoint.model(),
                    checkpoint.version());
            FortuneSplit split = FortuneSplit.of(FortuneReader.readDefault());
            try (TextTokenizer tokenizer = TextTokenizer.fromJson(tokenizerJson);
                    LanguageModel model = new LanguageModel(
                            checkpoint.manifest().description(), checkpoint.tensors())) {
                textFigures = new TextEvaluation(split, sizes.textBytes(),
                        sizes.trainTextBytes())
                        .evaluate(model, tokenizer);
                inContext = new InContextEvaluation(split).evaluate(model, tokenizer);
            }
        }
        return new EvalReport(image.map(EvaluatedCheckpoint::of).orElse(null), images,
                text.map(EvaluatedCheckpoint::of).orElse(null), textFigures, inContext);
    }
}
