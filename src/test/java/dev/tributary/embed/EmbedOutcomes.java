package dev.tributary.embed;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.data.MalformedRecords;
import dev.tributary.data.MalformedRecords.Malformed;
import dev.tributary.data.RawRecord;
import dev.tributary.data.RejectReason;
import dev.tributary.data.TextValidator;
import dev.tributary.kafka.DeadLetters;
import dev.tributary.kafka.TopicNames;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Checks that the embed service's outputs account for every input exactly once. */
final class EmbedOutcomes {

    private EmbedOutcomes() {
    }

    /**
     * Checks that each input has exactly one outcome: good ones one embedding under their key,
     * bad ones one dead letter from their source offset with ingest's reason.
     *
     * @return the embeddings by key
     */
    static Map<String, ConsumerRecord<byte[], byte[]>> assertEachOnce(TopicNames topics,
            Map<String, List<ConsumerRecord<byte[], byte[]>>> outputs, String rawTopic,
            String embeddingTopic, List<RawRecord> first, List<RawRecord> second) {
        List<RawRecord> inputs = new ArrayList<>(first);
        inputs.addAll(second);
        Map<String, ConsumerRecord<byte[], byte[]>> vectors = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : outputs.get(embeddingTopic)) {
            assertThat(vectors.put(EmbedKafka.text(record.key()), record))
                    .as("second embedding of %s", EmbedKafka.text(record.key())).isNull();
        }
        List<String> reasons = new ArrayList<>();
        Set<String> sources = new HashSet<>();
        for (ConsumerRecord<byte[], byte[]> dead : outputs.get(topics.dlq())) {
            if (rawTopic.equals(header(dead, DeadLetters.SOURCE_TOPIC))) {
                reasons.add(header(dead, DeadLetters.REASON));
                assertThat(sources.add(header(dead, DeadLetters.SOURCE_PARTITION) + "@"
                        + header(dead, DeadLetters.SOURCE_OFFSET))).isTrue();
                assertThat(header(dead, DeadLetters.REASON_DETAIL)).isNotBlank();
            }
        }
        List<String> expectedReasons = new ArrayList<>();
        Set<String> goodKeys = new HashSet<>();
        for (RawRecord input : inputs) {
            RejectReason reason = expectedReasons(rawTopic.equals(topics.imagesRaw()))
                    .get(input.key());
            if (input.key() == null || reason != null) {
                expectedReasons.add((reason == null ? RejectReason.MISSING_KEY : reason).name());
            } else {
                goodKeys.add(input.key());
            }
        }
        assertThat(vectors.keySet()).containsExactlyInAnyOrderElementsOf(goodKeys);
        Collections.sort(reasons);
        Collections.sort(expectedReasons);
        assertThat(reasons).isEqualTo(expectedReasons);
        return vectors;
    }

    private static Map<String, RejectReason> expectedReasons(boolean images) {
        Map<String, RejectReason> reasons = new HashMap<>();
        for (String prefix : List.of("bad-", "bad1-", "bad2-")) {
            List<Malformed> bad = images ? MalformedRecords.images(prefix)
                    : MalformedRecords.texts(prefix, TextValidator.DEFAULT_MAX_BYTES);
            bad.forEach(m -> reasons.put(m.record().key(), m.expected()));
        }
        return reasons;
    }

    static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        return DeadLetters.header(record.headers(), name);
    }

}
