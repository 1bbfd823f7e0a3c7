package dev.tributary.model;

import java.util.Map;

/**
 * What a checkpoint says about the model that made it: its kind and the hyper-parameters needed
 * to rebuild it, as strings so a reader in any language can use them.
 *
 * @param kind {@code simclr} or {@code lm}
 * @param hyperParameters name to value, e.g. {@code layers=2}, {@code width=128}
 */
public record ModelDescription(String kind, Map<String, String> hyperParameters) {

    public ModelDescription {
        hyperParameters = Map.copyOf(hyperParameters);
    }
}
