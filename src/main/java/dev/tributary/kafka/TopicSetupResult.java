package dev.tributary.kafka;

import java.util.List;

/**
 * What a {@link TopicSetup} run found: the topics it created and those that already existed.
 *
 * @param created topics this run created
 * @param existing topics that were there before, left as they were
 */
public record TopicSetupResult(List<String> created, List<String> existing) {

    /** Copies both lists so the result cannot change afterwards. */
    public TopicSetupResult {
        created = List.copyOf(created);
        existing = List.copyOf(existing);
    }

    /** One line for an operator, such as "created 8 topics, 0 already existed". */
    public String summary() {
        return "created " + created.size() + " topics " + created + ", "
                + existing.size() + " already existed " + existing;
    }
}
