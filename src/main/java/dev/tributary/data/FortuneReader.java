package dev.tributary.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads fortune files: quotes separated by a line holding only {@code %}. The files are UTF-8;
 * a malformed sequence becomes U+FFFD rather than failing the whole file, and how many were
 * replaced is logged at DEBUG so a bad file is noticed without stopping a demo.
 */
public final class FortuneReader {

    /** Where the Debian packages {@code fortunes} and {@code fortunes-min} install the files. */
    public static final Path DEFAULT_DIRECTORY = Path.of("/usr/share/games/fortunes");

    private static final Logger log = LoggerFactory.getLogger(FortuneReader.class);

    private FortuneReader() {
    }

    /** Reads every quote in the default directory. */
    public static List<Fortune> readDefault() throws IOException {
        return readDirectory(DEFAULT_DIRECTORY);
    }

    /**
     * Reads every fortune file in {@code directory}, in file name order. Skips the {@code .dat}
     * indexes, symbolic links (Debian's {@code .u8} names point at the plain files) and
     * anything else that is not a regular file without a dot in its name.
     */
    public static List<Fortune> readDirectory(Path directory) throws IOException {
        List<Fortune> fortunes = new ArrayList<>();
        for (Path file : fortuneFiles(directory)) {
            fortunes.addAll(readFile(file));
        }
        log.debug("Read {} fortunes from {}", fortunes.size(), directory);
        return fortunes;
    }

    /** Reads one fortune file; the file name is the category of every quote in it. */
    public static List<Fortune> readFile(Path file) throws IOException {
        String category = file.getFileName().toString();
        String text = decode(file, Files.readAllBytes(file));
        List<Fortune> fortunes = new ArrayList<>();
        StringBuilder record = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            if (line.equals("%")) {
                add(fortunes, category, record);
            } else {
                record.append(line).append('\n');
            }
        }
        add(fortunes, category, record);
        return fortunes;
    }

    static List<Path> fortuneFiles(Path directory) throws IOException {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.filter(FortuneReader::isFortuneFile).sorted().toList();
        }
    }

    private static boolean isFortuneFile(Path path) {
        String name = path.getFileName().toString();
        // Fortune categories never contain a dot; .dat, .u8 and editor backups all do.
        return !name.contains(".") && Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS);
    }

    private static void add(List<Fortune> fortunes, String category, StringBuilder record) {
        String text = stripTrailingNewlines(record.toString());
        record.setLength(0);
        if (!text.isBlank()) {
            fortunes.add(new Fortune(category, text));
        }
    }

    private static String stripTrailingNewlines(String text) {
        int end = text.length();
        while (end > 0 && (text.charAt(end - 1) == '\n' || text.charAt(end - 1) == '\r')) {
            end--;
        }
        return text.substring(0, end);
    }

    private static String decode(Path file, byte[] bytes) throws CharacterCodingException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        int replaced = 0;
        while (true) {
            CoderResult result = decoder.decode(in, out, true);
            if (result.isUnderflow()) {
                break;
            }
            if (result.isOverflow()) {
                result.throwException(); // cannot happen: UTF-8 never yields more chars than bytes
            }
            // Replace the bad sequence ourselves so that we can count it.
            in.position(in.position() + result.length());
            out.put('\uFFFD');
            replaced++;
        }
        decoder.flush(out);
        if (replaced > 0) {
            log.debug("{}: replaced {} malformed UTF-8 sequences", file, replaced);
        }
        return out.flip().toString();
    }
}
