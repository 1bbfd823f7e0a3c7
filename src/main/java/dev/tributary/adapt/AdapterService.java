package dev.tributary.adapt;

import dev.tributary.checkpoint.CheckpointReader;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Properties;

/**
 * The whole adapter service: a holder for each model ({@code simclr} for images, {@code lm} for
 * text) following the checkpoint topic, and the HTTP server over them. Requests are answered
 * from the start; routes whose model has no checkpoint yet answer 503 until one is loaded.
 */
public final class AdapterService implements AutoCloseable {

    /** The checkpoint model name of the image encoder. */
    public static final String IMAGE_MODEL = "simclr";
    /** The checkpoint model name of the language model. */
    public static final String TEXT_MODEL = "lm";

    private final ModelHolder<TextModel> text;
    private final ModelHolder<ImageModel> images;
    private final AdapterServer server;

    private AdapterService(ModelHolder<TextModel> text, ModelHolder<ImageModel> images,
            AdapterServer server) {
        this.text = text;
        this.images = images;
        this.server = server;
    }

    /**
     * Starts following both models and serving.
     *
     * @param clientProps Kafka client settings for the checkpoint readers and for reading
     *     labeled topics
     * @param checkpointTopic the topic the trainers publish checkpoints to
     */
    public static AdapterService start(AdapterConfig config, Properties clientProps,
            String checkpointTopic, MeterRegistry registry) {
        ModelHolder<TextModel> text = new ModelHolder<>(TEXT_MODEL, TextModel::load);
        ModelHolder<ImageModel> images = new ModelHolder<>(IMAGE_MODEL,
                checkpoint -> ImageModel.load(checkpoint, config.maxImageBytes()));
        CheckpointReader reader = new CheckpointReader(clientProps, checkpointTopic, registry);
        try {
            text.follow(reader);
            images.follow(reader);
            return new AdapterService(text, images,
                    AdapterServer.start(config, text, images, registry, clientProps));
        } catch (RuntimeException e) {
            text.close();
            images.close();
            throw e;
        }
    }

    public int port() {
        return server.port();
    }

    public ModelHolder<TextModel> text() {
        return text;
    }

    public ModelHolder<ImageModel> images() {
        return images;
    }

    /** Stops serving, then stops following and frees the models. */
    @Override
    public void close() {
        server.close();
        text.close();
        images.close();
    }
}
