package dev.tributary.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FetcherTest {

    private static final byte[] CONTENT = "a small data set\n".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    private final Fetcher fetcher = new Fetcher();

    @Test
    void verifiedFileIsMovedIntoPlace() throws IOException {
        Path source = Files.write(dir.resolve("source"), CONTENT);
        Path target = dir.resolve("cache/sub/data");

        fetcher.fetch(source.toUri(), target, RemoteFile.plain("data", sha256(CONTENT)));

        assertThat(target).hasBinaryContent(CONTENT);
        assertThat(filesIn(target.getParent())).containsExactly("data");
    }

    @Test
    void gzippedFileIsVerifiedByItsDecompressedContentAndKeptCompressed() throws IOException {
        Path source = IdxFiles.write(dir.resolve("source.gz"), CONTENT, true);
        Path target = dir.resolve("data.gz");

        fetcher.fetch(source.toUri(), target, RemoteFile.gzipped("data.gz", sha256(CONTENT)));

        assertThat(target).hasSameBinaryContentAs(source);
    }

    @Test
    void mismatchLeavesExistingTargetUntouchedAndNoTemporaryFile() throws IOException {
        Path source = Files.write(dir.resolve("source"), CONTENT);
        Path cache = Files.createDirectory(dir.resolve("cache"));
        Path target = Files.writeString(cache.resolve("data"), "old");
        RemoteFile expected = RemoteFile.plain("data", sha256("other".getBytes()));

        assertThatThrownBy(() -> fetcher.fetch(source.toUri(), target, expected))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("checksum mismatch")
                .hasMessageContaining(expected.sha256());

        assertThat(target).hasContent("old");
        assertThat(filesIn(cache)).containsExactly("data");
    }

    @Test
    void oversizedDownloadIsAbandoned() throws IOException {
        Path source = Files.write(dir.resolve("source"), CONTENT);
        Fetcher small = new Fetcher(Duration.ofSeconds(5), 4);

        assertThatThrownBy(() -> small.fetch(source.toUri(), dir.resolve("out/data"),
                RemoteFile.plain("data", sha256(CONTENT))))
                .hasMessageContaining("larger than 4 bytes");
        assertThat(filesIn(dir.resolve("out"))).isEmpty();
    }

    @Test
    void missingSourceIsAnIoException() {
        assertThatThrownBy(() -> fetcher.fetch(dir.resolve("nowhere").toUri(),
                dir.resolve("data"), RemoteFile.plain("data", sha256(CONTENT))))
                .isInstanceOf(IOException.class);
    }

    @Test
    void isVerifiedIsFalseForMissingWrongOrUngzippableFiles() throws IOException {
        Path plain = Files.write(dir.resolve("plain"), CONTENT);

        assertThat(Fetcher.isVerified(plain, RemoteFile.plain("plain", sha256(CONTENT)))).isTrue();
        assertThat(Fetcher.isVerified(plain, RemoteFile.gzipped("plain", sha256(CONTENT))))
                .isFalse();
        assertThat(Fetcher.isVerified(plain, RemoteFile.plain("plain", sha256(new byte[1]))))
                .isFalse();
        assertThat(Fetcher.isVerified(dir.resolve("absent"),
                RemoteFile.plain("absent", sha256(CONTENT)))).isFalse();
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    private static List<String> filesIn(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(p -> p.getFileName().toString()).toList();
        }
    }
}
