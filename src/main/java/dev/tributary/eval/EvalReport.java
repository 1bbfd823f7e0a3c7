package dev.tributary.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Every figure of one evaluation. A block is null when its model had no checkpoint.
 *
 * @param imageCheckpoint the image checkpoint evaluated
 * @param images its Fashion-MNIST figures
 * @param textCheckpoint the language-model checkpoint evaluated
 * @param text its held-out bits per byte beside the compressors
 * @param inContext its induction and few-shot figures
 */
public record EvalReport(EvaluatedCheckpoint imageCheckpoint, ImageFigures images,
        EvaluatedCheckpoint textCheckpoint, TextFigures text, InContextFigures inContext) {

    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT);

    /** Writes the report as JSON with snake_case keys, as checkpoint manifests have. */
    public void writeJson(Path file) throws IOException {
        JSON.writeValue(file.toFile(), this);
    }
}
