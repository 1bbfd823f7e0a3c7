package dev.tributary.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A running PyTorch twin script in serve mode: it has built its model and warmed up, and runs
 * one timed training step each time {@link #step()} asks. Between steps it waits on its input
 * without using the cores, so its steps can alternate with the Java steps and both sides see
 * the same load on a shared machine.
 */
public final class TwinSession implements AutoCloseable {

    private static final long EXIT_SECONDS = 60;

    private final String script;
    private final Process process;
    private final Path file;
    private final Path errors;
    private final BufferedWriter commands;
    private final BufferedReader answers;

    /**
     * @param file the extracted script, deleted on close
     * @param errors where the process writes its standard error, deleted on close
     */
    TwinSession(String script, Process process, Path file, Path errors) throws IOException {
        this.script = script;
        this.process = process;
        this.file = file;
        this.errors = errors;
        this.commands = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(),
                StandardCharsets.UTF_8));
        this.answers = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
        String first = answers.readLine();
        if (!"ready".equals(first)) {
            throw failure("did not start (said " + first + ")");
        }
    }

    /** Runs one training step in the twin and returns its seconds, as the twin timed it. */
    public double step() throws IOException {
        commands.write("step\n");
        commands.flush();
        String line = answers.readLine();
        if (line == null) {
            throw failure("stopped during a step");
        }
        return Double.parseDouble(line.strip());
    }

    /** Ends the session and returns the twin's JSON figures over all its steps. */
    public JsonNode finish() throws IOException {
        commands.write("done\n");
        commands.flush();
        String line = answers.readLine();
        if (line == null) {
            throw failure("stopped before its figures");
        }
        return new ObjectMapper().readTree(line);
    }

    @Override
    public void close() throws IOException {
        try {
            commands.close();
            if (!process.waitFor(EXIT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(errors);
        }
    }

    private IOException failure(String what) throws IOException {
        process.destroyForcibly();
        String said = Files.readString(errors, StandardCharsets.UTF_8);
        return new IOException(script + " " + what + ": " + said.strip());
    }
}
