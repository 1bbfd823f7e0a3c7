package dev.tributary.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.metrics.Service;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MetricsOptionsTest {

    @Test
    void theDemoTakesAnyFreePortWhenItsDefaultIsTaken() throws IOException {
        MetricsOptions options = loopback();
        try (ServerSocket holder = hold(Service.DEMO.defaultPort())) {
            String printed = printedBy(() -> options.start(Service.DEMO).close());

            assertThat(printed).contains("Port 9400 is taken; metrics take any free port.")
                    .containsPattern("Metrics for Prometheus at http://127\\.0\\.0\\.1:\\d+/")
                    .doesNotContain("127.0.0.1:9400/metrics");
        }
    }

    @Test
    void aServiceWhosePortPrometheusNamesFailsWhenItIsTaken() throws IOException {
        MetricsOptions options = loopback();
        try (ServerSocket holder = hold(Service.INGEST.defaultPort())) {
            assertThatThrownBy(() -> options.start(Service.INGEST))
                    .isInstanceOf(UncheckedIOException.class)
                    .hasMessageContaining("cannot serve metrics on 127.0.0.1:9401")
                    .hasMessageContaining("--metrics-port");
        }
    }

    private static MetricsOptions loopback() {
        MetricsOptions options = new MetricsOptions();
        options.host = "127.0.0.1";
        return options;
    }

    /** Holds the port; null when something else already does, which takes it just as well. */
    private static ServerSocket hold(int port) throws IOException {
        try {
            return new ServerSocket(port, 1, InetAddress.getLoopbackAddress());
        } catch (BindException taken) {
            return null;
        }
    }

    private static String printedBy(Runnable action) {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            action.run();
        } finally {
            System.setOut(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
