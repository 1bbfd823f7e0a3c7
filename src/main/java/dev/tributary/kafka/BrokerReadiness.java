package dev.tributary.kafka;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Node;

/** Waits until a freshly started broker answers a client and reports itself in the cluster. */
final class BrokerReadiness {

    private static final Duration POLL = Duration.ofMillis(100);

    private BrokerReadiness() {
    }

    /** Blocks until the broker lists at least one node, or throws after {@code timeout}. */
    static void await(String bootstrapServers, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = Admin.create(adminConfig(bootstrapServers, timeout))) {
            while (System.nanoTime() < deadline) {
                if (!liveNodes(admin, deadline).isEmpty()) {
                    return;
                }
                sleep(POLL);
            }
        }
        throw new IllegalStateException("Kafka broker at " + bootstrapServers
                + " did not answer within " + timeout.toSeconds() + " s");
    }

    private static Map<String, Object> adminConfig(String bootstrapServers, Duration timeout) {
        int timeoutMs = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        return Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(timeoutMs, 5_000),
                AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500);
    }

    private static Collection<Node> liveNodes(Admin admin, long deadlineNanos) {
        long remaining = Math.max(1, deadlineNanos - System.nanoTime());
        try {
            return admin.describeCluster().nodes().get(remaining, TimeUnit.NANOSECONDS);
        } catch (ExecutionException | TimeoutException e) {
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for Kafka broker", e);
        }
    }

    private static void sleep(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for Kafka broker", e);
        }
    }
}
