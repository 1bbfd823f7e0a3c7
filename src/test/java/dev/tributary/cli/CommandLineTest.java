package dev.tributary.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.model.LmConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class CommandLineTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @ParameterizedTest
    @ValueSource(strings = {"demo", "broker", "topics", "produce", "produce images",
        "produce text", "tokenizer", "tokenizer train", "ingest", "train", "embed", "serve",
        "bench", "eval",
        "bench ingest", "bench train"})
    void everyCommandExplainsItselfWithHelp(String command) {
        List<String> args = new java.util.ArrayList<>(List.of(command.split(" ")));
        args.add("--help");

        assertThat(run(args.toArray(String[]::new))).isZero();
        assertThat(out.toString()).startsWith("Usage: tributary " + command);
    }

    @Test
    void unknownOptionIsNamedInTheError() {
        assertThat(run("topics", "--partitions-please", "7")).isEqualTo(2);
        assertThat(err.toString()).contains("Unknown options: '--partitions-please'");
    }

    @Test
    void badDurationSaysHowToWriteOne() {
        assertThat(run("ingest", "--linger", "soon")).isEqualTo(2);
        assertThat(err.toString()).contains("'soon' is not a duration; write it like 500ms");
    }

    @Test
    void commandWithoutBrokerSaysNoneIsReachableAndHowToStartOne() {
        int exit = run("topics", "--bootstrap-servers", "127.0.0.1:1");

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).contains("No Kafka broker reachable at 127.0.0.1:1")
                .contains("tributary broker").doesNotContain("Exception");
    }

    @Test
    void ingestWithoutTokenizerSaysHowToMakeOne() {
        int exit = run("ingest", "--tokenizer", "/nonexistent/tokenizer.json");

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).contains("no tokenizer at /nonexistent/tokenizer.json")
                .contains("tributary tokenizer train");
    }

    @Test
    void trainWithoutTokenizerSaysWhichToUse() {
        int exit = run("train", "--tokenizer", "/nonexistent/tokenizer.json");

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).contains("no tokenizer at /nonexistent/tokenizer.json")
                .contains("--only images");
    }

    @Test
    void unknownHyperParameterListsTheKnownOnes() {
        assertThatThrownBy(() -> RunningTrainers.overridden(
                LmConfig.defaults().description(), Map.of("layer", "4")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown lm hyper-parameter 'layer'")
                .hasMessageContaining("layers");
    }
}
