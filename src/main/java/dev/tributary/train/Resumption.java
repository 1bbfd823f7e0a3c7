package dev.tributary.train;

import dev.tributary.checkpoint.Checkpoint;
import dev.tributary.checkpoint.CheckpointManifest;
import dev.tributary.model.Learner;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts a checkpoint's weights into a learner that is about to train on. Hyper-parameters may
 * change across a restart (a new learning rate, say) as long as every weight keeps its shape,
 * and a text model must keep its tokenizer: the token ids in the batches mean nothing to a
 * model trained on other ids.
 */
final class Resumption {

    private static final Logger log = LoggerFactory.getLogger(Resumption.class);

    private Resumption() {
    }

    /**
     * @param tokenizerJson the tokenizer the learner's batches are encoded with, or null
     * @throws IllegalStateException naming what does not fit
     */
    static void restore(Learner<?> learner, Checkpoint checkpoint, String tokenizerJson) {
        CheckpointManifest manifest = checkpoint.manifest();
        String what = manifest.model() + " checkpoint v" + manifest.version();
        if (!Objects.equals(manifest.tokenizerJson(), tokenizerJson)) {
            throw new IllegalStateException(what + " was trained with another tokenizer; "
                    + "use that one, or a new --topic-prefix for a new model");
        }
        Map<String, String> changed = changed(manifest.description().hyperParameters(),
                learner.description().hyperParameters());
        if (!changed.isEmpty()) {
            log.warn("{} was trained with {}; continuing with the values now configured",
                    what, changed);
        }
        try {
            learner.load(checkpoint.tensors(), manifest.step());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(what + " does not fit the configured model ("
                    + e.getMessage() + "); start with its settings " + changed, e);
        }
    }

    /** The checkpoint's values that differ from the configured ones. */
    private static Map<String, String> changed(Map<String, String> trained,
            Map<String, String> configured) {
        Map<String, String> changed = new TreeMap<>();
        trained.forEach((key, value) -> {
            if (!value.equals(configured.get(key))) {
                changed.put(key, value);
            }
        });
        return changed;
    }
}
