package dev.tributary.monitoring;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A command-line tool the monitoring tests run for real (promtool, node, docker-compose),
 * found on the {@code PATH}. A test whose tool is missing is skipped, saying which Debian
 * package provides it; {@code .ci/run} installs them all.
 */
record ExternalTool(String name, Path executable) {

    /** What a finished run printed, standard error folded into standard output. */
    record Run(List<String> command, int exitCode, String output) {

        boolean succeeded() {
            return exitCode == 0;
        }

        /** A message for a failed assertion: the command and everything it printed. */
        String report() {
            return String.join(" ", command) + " exited with " + exitCode + ":\n" + output;
        }
    }

    /** The tool, or the test is skipped with a message naming the package to install. */
    static ExternalTool require(String name, String debianPackage) {
        Path found = find(name);
        assumeTrue(found != null, name + " is not on the PATH; install the Debian package "
                + debianPackage + " (.ci/run does)");
        return new ExternalTool(name, found);
    }

    static boolean available(String name) {
        return find(name) != null;
    }

    private static Path find(String name) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    /** Runs the tool with these arguments in a directory; fails the test on a timeout. */
    Run run(Path workingDirectory, Duration timeout, String... arguments) {
        List<String> command = new ArrayList<>();
        command.add(executable.toString());
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory.toFile())
                .redirectErrorStream(true);
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            // Read while it runs: a full pipe would stall a chatty tool.
            CompletableFuture<byte[]> output =
                    CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish in "
                        + timeout.toSeconds() + " s");
            }
            return new Run(command, process.exitValue(),
                    new String(output.join(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("could not run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + command, e);
        }
    }

    private static byte[] readAll(InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            return ("(output unreadable: " + e + ")").getBytes(StandardCharsets.UTF_8);
        }
    }
}
