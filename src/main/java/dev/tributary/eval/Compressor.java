package dev.tributary.eval;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A general-purpose compressor installed on this machine, the baseline for bits per byte. */
public enum Compressor {

    XZ("xz", List.of("-9e", "-c")),
    ZSTD("zstd", List.of("--ultra", "-22", "-c", "-q")),
    BZIP2("bzip2", List.of("-9", "-c")),
    /** zpaq writes archives, not streams: it gets the file and an archive path instead. */
    ZPAQ("zpaq", List.of());

    private static final List<Path> BIN = List.of(Path.of("/usr/bin"), Path.of("/usr/local/bin"),
            Path.of("/bin"));

    private final String binary;
    private final List<String> arguments;

    Compressor(String binary, List<String> arguments) {
        this.binary = binary;
        this.arguments = arguments;
    }

    /** The command's name, as printed in the table. */
    public String binary() {
        return binary;
    }

    /** The full command line, as printed in the table. */
    public String commandLine() {
        return this == ZPAQ ? "zpaq -m5" : binary + " " + String.join(" ", arguments);
    }

    /** The installed executable, when there is one. */
    public Optional<Path> find() {
        return BIN.stream().map(dir -> dir.resolve(binary)).filter(Files::isExecutable)
                .findFirst();
    }

    /**
     * The compressed size of {@code data} in bytes.
     *
     * @throws IllegalStateException if the compressor is not installed or fails
     */
    public long compressedSize(byte[] data) {
        Path executable = find().orElseThrow(() -> new IllegalStateException(binary
                + " is not installed"));
        Path directory = null;
        try {
            directory = Files.createTempDirectory("tributary-eval-");
            Path input = Files.write(directory.resolve("input"), data);
            return this == ZPAQ ? zpaqSize(executable, input, directory.resolve("out.zpaq"))
                    : streamSize(executable, input);
        } catch (IOException e) {
            throw new UncheckedIOException(binary + " could not compress the text", e);
        } finally {
            deleteQuietly(directory);
        }
    }

    private long streamSize(Path executable, Path input) throws IOException {
        List<String> command = new ArrayList<>(List.of(executable.toString()));
        command.addAll(arguments);
        Process process = new ProcessBuilder(command).redirectInput(input.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        long size = 0;
        try (InputStream out = process.getInputStream()) {
            byte[] buffer = new byte[1 << 16];
            for (int read; (read = out.read(buffer)) >= 0;) {
                size += read;
            }
        }
        requireSuccess(process);
        return size;
    }

    private long zpaqSize(Path executable, Path input, Path archive) throws IOException {
        Process process = new ProcessBuilder(executable.toString(), "a", archive.toString(),
                input.toString(), "-m5").redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        requireSuccess(process);
        return Files.size(archive);
    }

    private void requireSuccess(Process process) {
        try {
            int code = process.waitFor();
            if (code != 0) {
                throw new IllegalStateException(binary + " exited with code " + code);
            }
        } catch (InterruptedException e) {
            process.destroy();
            Thread.currentThread().interrupt();
            throw new IllegalStateException(binary + " was interrupted", e);
        }
    }

    private static void deleteQuietly(Path directory) {
        if (directory == null) {
            return;
        }
        try (var files = Files.list(directory)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(file);
            }
            Files.deleteIfExists(directory);
        } catch (IOException e) {
            // A temporary file left behind is harmless; the figure is already measured.
        }
    }
}
