package dev.tributary.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Reads the Debian fortunes as documents: one quote each, split at lines holding a lone %. */
final class FortunesCorpus {

    static final Path DIRECTORY = Path.of("/usr/share/games/fortunes");

    private FortunesCorpus() {
    }

    static boolean available() {
        return Files.isDirectory(DIRECTORY);
    }

    /** Returns every quote of every category file, files in name order. */
    static List<String> documents() {
        List<String> documents = new ArrayList<>();
        for (Path file : categoryFiles()) {
            documents.addAll(split(read(file)));
        }
        return documents;
    }

    private static List<Path> categoryFiles() {
        // The .u8 names are links to the same files and the .dat files are binary indexes.
        try (Stream<Path> files = Files.list(DIRECTORY)) {
            return files
                    .filter(file -> Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS))
                    .filter(file -> !file.getFileName().toString().contains("."))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            // Lenient decoding: a stray byte becomes U+FFFD instead of failing the read.
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> split(String text) {
        List<String> quotes = new ArrayList<>();
        for (String quote : text.split("(?m)^%\\n")) {
            if (!quote.isBlank()) {
                quotes.add(quote);
            }
        }
        return quotes;
    }
}
