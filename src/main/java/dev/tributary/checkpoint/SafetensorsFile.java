package dev.tributary.checkpoint;

import dev.tributary.model.NamedTensor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The content of a safetensors file: its tensors in the order their data is laid out, and the
 * free-form string metadata of its header.
 *
 * @param tensors the tensors, in data order (the order {@link Safetensors#write} was given)
 * @param metadata the {@code __metadata__} entries of the header; empty when it has none
 */
public record SafetensorsFile(List<NamedTensor> tensors, Map<String, String> metadata) {

    /** Copies both, keeping the metadata's order. */
    public SafetensorsFile {
        tensors = List.copyOf(tensors);
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }
}
