package dev.tributary.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@code bench serve} end to end with tiny windows: every row of the table is there. */
class BenchServeCommandTest {

    @Test
    void benchServePrintsLatencyAndSwapRowsForBothModels() {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int exit;
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            exit = Main.commandLine().execute("bench", "serve", "--duration", "1s",
                    "--warmup", "0s", "--image-rate", "50", "--text-rate", "20",
                    "--requests-per-second", "20", "--concurrency", "2", "--swaps", "1");
        } finally {
            System.setOut(original);
        }
        String output = captured.toString(StandardCharsets.UTF_8);

        assertThat(exit).as(output).isZero();
        assertThat(output).as(output)
                .containsPattern("embed images \\(Kafka\\) +50 ")
                .containsPattern("embed text \\(Kafka\\) +20 ")
                .containsPattern("POST /v1/embed image +20 ")
                .containsPattern("POST /v1/embed text +20 ")
                .containsPattern("simclr -> embed service +1 ")
                .containsPattern("simclr -> POST /v1/embed +1 ")
                .containsPattern("lm -> embed service +1 ")
                .containsPattern("lm -> POST /v1/embed +1 ")
                .contains("from the producer's send() to the embedding's arrival at a "
                        + "read_committed consumer");
    }
}
