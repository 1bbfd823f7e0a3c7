package dev.tributary.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo, as a newcomer runs it, for a few seconds on a fresh home directory. */
class DemoCommandTest {

    private static final Pattern TRAINING = Pattern.compile(
            "simclr loss [\\d.]+, [\\d,]+ samples/s, v(\\d+)"
                    + " \\| lm loss [\\d.]+, [\\d,]+ samples/s, v(\\d+)");
    private static final Pattern STATUS = Pattern.compile(
            "images ([\\d,]+) in, ([\\d,]+) batches \\| text ([\\d,]+) in, ([\\d,]+) batches"
                    + " \\| DLQ ([\\d,]+)");

    @Test
    void demoIngestsTrainsBothModelsAndShowsDeadLetters(@TempDir Path home) {
        System.setProperty("tributary.home", home.toString());
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int exit;
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            exit = Main.commandLine().execute("demo", "--duration", "20s", "--status-every", "4s",
                    "--image-rate", "400", "--text-rate", "100", "--bad-every", "20",
                    "--linger", "500ms", "--checkpoint-every", "3s");
        } finally {
            System.setOut(original);
            System.clearProperty("tributary.home");
        }
        String output = captured.toString(StandardCharsets.UTF_8);

        assertThat(exit).as(output).isZero();
        assertThat(output).contains("Kafka broker running at 127.0.0.1:").contains("Demo stopped.");
        Matcher last = lastStatus(output);
        assertThat(number(last.group(1))).as("images in").isPositive();
        assertThat(number(last.group(2))).as("image batches").isPositive();
        assertThat(number(last.group(3))).as("documents in").isPositive();
        assertThat(number(last.group(4))).as("text batches").isPositive();
        assertThat(number(last.group(5))).as("dead letters").isPositive();
        Matcher training = last(TRAINING, output);
        assertThat(number(training.group(1))).as("image checkpoint version").isPositive();
        assertThat(number(training.group(2))).as("text checkpoint version").isPositive();
    }

    private static Matcher lastStatus(String output) {
        return last(STATUS, output);
    }

    private static Matcher last(Pattern pattern, String output) {
        Matcher matcher = pattern.matcher(output);
        Matcher last = null;
        while (matcher.find()) {
            last = pattern.matcher(matcher.group());
            last.find();
        }
        assertThat(last).as("a line matching %s in:%n%s", pattern, output).isNotNull();
        return last;
    }

    private static long number(String digits) {
        return Long.parseLong(digits.replace(",", ""));
    }
}
