package dev.tributary.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {

    @TempDir
    Path dir;

    @Test
    void readsPlainImageFile() throws IOException {
        Path file = IdxFiles.write(dir.resolve("images"), IdxFiles.images(3, 2, 4), false);

        IdxImages images = IdxReader.readImages(file);

        assertThat(images.count()).isEqualTo(3);
        assertThat(images.rows()).isEqualTo(2);
        assertThat(images.cols()).isEqualTo(4);
        assertThat(images.image(1)).containsExactly(expectedPixels(8, 16));
    }

    @Test
    void readsGzippedImageFileRecognisedByMagicNotName() throws IOException {
        Path file = IdxFiles.write(dir.resolve("images.idx"), IdxFiles.images(2, 3, 3), true);

        IdxImages images = IdxReader.readImages(file);

        assertThat(images.count()).isEqualTo(2);
        assertThat(images.image(0)).containsExactly(expectedPixels(0, 9));
    }

    @Test
    void readsPlainFileEvenWhenNamedGz() throws IOException {
        Path file = IdxFiles.write(dir.resolve("labels.gz"), IdxFiles.labels(12), false);

        assertThat(IdxReader.readLabels(file)).hasSize(12).startsWith(0, 1, 2);
    }

    @Test
    void readsGzippedLabels() throws IOException {
        Path file = IdxFiles.write(dir.resolve("labels.gz"), IdxFiles.labels(25), true);

        byte[] labels = IdxReader.readLabels(file);

        assertThat(labels).hasSize(25);
        assertThat(labels[24]).isEqualTo((byte) 4);
    }

    @Test
    void labelFileReadAsImagesIsRefusedNamingFileAndMagic() throws IOException {
        Path file = IdxFiles.write(dir.resolve("labels"), IdxFiles.labels(5), false);

        assertThatThrownBy(() -> IdxReader.readImages(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("0x00000801");
    }

    @Test
    void truncatedDataIsAnIoExceptionNamingTheFile() throws IOException {
        byte[] full = IdxFiles.images(4, 5, 5);
        Path file = IdxFiles.write(dir.resolve("short"), Arrays.copyOf(full, full.length - 10),
                false);

        assertThatThrownBy(() -> IdxReader.readImages(file))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("truncated");
    }

    @Test
    void truncatedGzipStreamIsAnIoExceptionNamingTheFile() throws IOException {
        Path gz = IdxFiles.write(dir.resolve("full.gz"), IdxFiles.images(50, 10, 10), true);
        byte[] compressed = Files.readAllBytes(gz);
        Path file = dir.resolve("cut.gz");
        Files.write(file, Arrays.copyOf(compressed, compressed.length / 2));

        assertThatThrownBy(() -> IdxReader.readImages(file))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(file.toString());
    }

    @Test
    void truncatedHeaderIsAnIoExceptionNamingTheFile() throws IOException {
        Path file = dir.resolve("header");
        Files.write(file, Arrays.copyOf(IdxFiles.images(1, 1, 1), 6));

        assertThatThrownBy(() -> IdxReader.readImages(file))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("header");
    }

    private static byte[] expectedPixels(int from, int to) {
        byte[] pixels = new byte[to - from];
        for (int i = from; i < to; i++) {
            pixels[i - from] = (byte) (i * 7 + 3);
        }
        return pixels;
    }
}
