package dev.tributary.adapt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.checkpoint.Checkpoint;
import dev.tributary.data.FashionMnist;
import dev.tributary.data.PngEncoder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * New checkpoints published while requests keep coming are swapped in without a failed
 * request, and a corrupt one is refused while the version before it keeps serving. The two
 * tests share one topic, so they run in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AdapterHotSwapTest {

    @TempDir
    static Path dataDir;

    private static AdapterKafka kafka;
    private static AdapterService service;
    private static ApiClient client;
    private static Map<String, String> image;
    private static Checkpoint newest;

    @BeforeAll
    static void start() throws Exception {
        kafka = AdapterKafka.start(dataDir);
        newest = kafka.publishImages(1);
        service = AdapterService.start(AdapterConfig.defaults().withPort(0), kafka.clientProps(),
                kafka.topic(), new SimpleMeterRegistry());
        client = new ApiClient(service.port(), null);
        Awaitility.await().atMost(AdapterKafka.TIMEOUT)
                .until(() -> service.images().version() == 1);
        FashionMnist data = FashionMnist.load(FashionMnist.Split.TEST);
        image = Map.of("image",
                Base64.getEncoder().encodeToString(PngEncoder.encodeGray(data.pixels(1), 28, 28)));
    }

    @AfterAll
    static void stop() throws Exception {
        if (service != null) {
            service.close();
        }
        kafka.close();
    }

    @Test
    @Order(1)
    void embeddingUnderLoadSwitchesVersionsWithoutAFailedRequest() throws Exception {
        List<Integer> failures = Collections.synchronizedList(new ArrayList<>());
        List<Long> versions = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean running = new AtomicBoolean(true);
        CompletableFuture<Void> load = CompletableFuture.runAsync(() -> {
            while (running.get()) {
                embedOnce(failures, versions);
            }
        });

        kafka.publishImages(2);
        newest = kafka.publishImages(3);
        Awaitility.await().atMost(AdapterKafka.TIMEOUT).until(() -> !versions.isEmpty()
                && versions.get(versions.size() - 1) == 3);
        running.set(false);
        load.get(30, TimeUnit.SECONDS);

        assertThat(failures).isEmpty();
        assertThat(versions).isSorted().contains(1L, 3L);
        assertThat(versions.size()).isGreaterThan(10);
    }

    @Test
    @Order(2)
    void aCorruptCheckpointIsRefusedAndThePreviousVersionKeepsServing() throws Exception {
        kafka.commitCorrupt(newest, 4);

        Awaitility.await().atMost(AdapterKafka.TIMEOUT).until(
                () -> service.images().lastRefusal().map(ModelHolder.Refusal::version)
                        .orElse(-1L) == 4);

        ApiClient.Answer answer = client.post("/v1/embed", image);
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().get("version").asLong()).isEqualTo(3);
        ApiClient.Answer models = client.get("/v1/models");
        assertThat(models.json().findValue("last_refusal").get("reason").asText())
                .contains("HASH_MISMATCH");
    }

    private static void embedOnce(List<Integer> failures, List<Long> versions) {
        try {
            ApiClient.Answer answer = client.post("/v1/embed", image);
            if (answer.status() == 200) {
                versions.add(answer.json().get("version").asLong());
            } else {
                failures.add(answer.status());
            }
        } catch (Exception e) {
            failures.add(-1);
        }
    }
}
