package dev.tributary.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The same training step written in plain PyTorch, run with the machine's Python, so the
 * benchmark can put DJL's throughput beside PyTorch's for the identical model, shapes and
 * batch. The scripts ship inside the jar and print one JSON line of figures.
 */
public final class PyTorchTwin {

    private static final Logger log = LoggerFactory.getLogger(PyTorchTwin.class);
    private static final long TIMEOUT_MINUTES = 10;

    private final Path python;

    private PyTorchTwin(Path python) {
        this.python = python;
    }

    /**
     * Debian's {@code /usr/bin/python3} when it can import torch, else {@code python3} on the
     * path when that can; empty when neither can, with the reason at INFO.
     */
    public static Optional<PyTorchTwin> find() {
        for (Path candidate : List.of(Path.of("/usr/bin/python3"), Path.of("python3"))) {
            if (importsTorch(candidate)) {
                return Optional.of(new PyTorchTwin(candidate));
            }
        }
        log.info("No Python with torch found (Debian: apt-get install python3-torch); "
                + "the benchmark shows DJL alone");
        return Optional.empty();
    }

    /**
     * Runs a twin script with arguments and returns its JSON figures.
     *
     * @param script the resource name under {@code /dev/tributary/bench/}, e.g.
     *     {@code simclr_step.py}
     */
    public JsonNode run(String script, List<String> arguments) throws IOException {
        Path file = extract(script);
        try {
            List<String> command = new ArrayList<>(List.of(python.toString(), file.toString()));
            command.addAll(arguments);
            Process process = new ProcessBuilder(command).redirectErrorStream(false).start();
            String output = new String(process.getInputStream().readAllBytes(),
                    StandardCharsets.UTF_8);
            String errors = new String(process.getErrorStream().readAllBytes(),
                    StandardCharsets.UTF_8);
            if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES) || process.exitValue() != 0) {
                throw new IOException(script + " failed: " + errors.strip());
            }
            String[] lines = output.strip().split("\n");
            return new ObjectMapper().readTree(lines[lines.length - 1]);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(script + " interrupted", e);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /**
     * Starts a twin script in serve mode ({@code --serve} is added to the arguments) and waits
     * until it has built its model and warmed up.
     */
    public TwinSession start(String script, List<String> arguments) throws IOException {
        Path file = extract(script);
        List<String> command = new ArrayList<>(List.of(python.toString(), file.toString(),
                "--serve"));
        command.addAll(arguments);
        // Errors go to a file, not a pipe, so a chatty twin cannot block on a full pipe.
        Path errors = Files.createTempFile("tributary-", "-twin.err");
        try {
            Process process = new ProcessBuilder(command).redirectError(errors.toFile()).start();
            return new TwinSession(script, process, file, errors);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            Files.deleteIfExists(errors);
            throw e;
        }
    }

    private static Path extract(String script) throws IOException {
        Path file = Files.createTempFile("tributary-", "-" + script);
        try (InputStream in = PyTorchTwin.class.getResourceAsStream(
                "/dev/tributary/bench/" + script)) {
            if (in == null) {
                throw new IOException("no bench script " + script + " in the jar");
            }
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        }
        return file;
    }

    private static boolean importsTorch(Path python) {
        try {
            Process process = new ProcessBuilder(python.toString(), "-c", "import torch")
                    .redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            return process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
