package dev.tributary.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.data.FashionMnist;
import dev.tributary.data.PngEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * What the serving benchmark sends: Fashion-MNIST test images as PNG and fortunes as UTF-8
 * record values, and the same inputs as {@code /v1/embed} request bodies.
 *
 * @param images PNG record values
 * @param texts UTF-8 record values
 * @param imageBodies {@code {"image": "<base64 PNG>"}} bodies
 * @param textBodies {@code {"text": "..."}} bodies
 */
record BenchServeInputs(List<byte[]> images, List<byte[]> texts, List<byte[]> imageBodies,
        List<byte[]> textBodies) {

    /** The first {@code count} images and fortunes. */
    static BenchServeInputs of(FashionMnist mnist, List<String> fortunes, int count)
            throws JsonProcessingException {
        ObjectMapper json = new ObjectMapper();
        List<byte[]> images = new ArrayList<>();
        List<byte[]> imageBodies = new ArrayList<>();
        for (int i = 0; i < Math.min(count, mnist.count()); i++) {
            byte[] png = PngEncoder.encodeGray(mnist.pixels(i), mnist.rows(), mnist.cols());
            images.add(png);
            imageBodies.add(json.writeValueAsBytes(
                    Map.of("image", Base64.getEncoder().encodeToString(png))));
        }
        List<byte[]> texts = new ArrayList<>();
        List<byte[]> textBodies = new ArrayList<>();
        for (String fortune : fortunes.subList(0, Math.min(count, fortunes.size()))) {
            texts.add(fortune.getBytes(StandardCharsets.UTF_8));
            textBodies.add(json.writeValueAsBytes(Map.of("text", fortune)));
        }
        return new BenchServeInputs(images, texts, imageBodies, textBodies);
    }
}
