package dev.tributary.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FortuneReaderTest {

    @TempDir
    Path dir;

    @Test
    void splitsOnPercentLinesAndNamesCategoryAfterFile() throws IOException {
        Path file = write("wisdom", "First quote,\n  on two lines.\n%\nSecond.\n%\n");

        List<Fortune> fortunes = FortuneReader.readFile(file);

        assertThat(fortunes).containsExactly(
                new Fortune("wisdom", "First quote,\n  on two lines."),
                new Fortune("wisdom", "Second."));
    }

    @Test
    void skipsEmptyRecordsAndKeepsLastRecordWithoutTrailingPercent() throws IOException {
        Path file = write("law", "%\n\n%\nOne.\n%\n%\nTwo.\n\n");

        assertThat(FortuneReader.readFile(file)).extracting(Fortune::text)
                .containsExactly("One.", "Two.");
    }

    @Test
    void percentInsideLineIsText() throws IOException {
        Path file = write("math", "100 % sure\n%\n");

        assertThat(FortuneReader.readFile(file)).extracting(Fortune::text)
                .containsExactly("100 % sure");
    }

    @Test
    void malformedUtf8IsReplacedNotFatal() throws IOException {
        Path file = dir.resolve("bad");
        Files.write(file, new byte[] {'a', (byte) 0xff, 'b', '\n', '%', '\n', (byte) 0xc3,
                (byte) 0xa9, '\n'});

        assertThat(FortuneReader.readFile(file)).extracting(Fortune::text)
                .containsExactly("a\uFFFDb", "\u00e9");
    }

    @Test
    void directorySkipsIndexesLinksAndSubdirectoriesInNameOrder() throws IOException {
        write("zippy", "Yow!\n%\n");
        write("art", "A picture.\n%\n");
        write("art.dat", "binary index");
        Files.createSymbolicLink(dir.resolve("art.u8"), dir.resolve("art"));
        Files.createSymbolicLink(dir.resolve("alias"), dir.resolve("art"));
        Files.createDirectory(dir.resolve("off"));

        List<Fortune> fortunes = FortuneReader.readDirectory(dir);

        assertThat(fortunes).containsExactly(new Fortune("art", "A picture."),
                new Fortune("zippy", "Yow!"));
    }

    @Test
    void debianPackagesHoldMoreThanTenThousandQuotesInManyCategories() throws IOException {
        assumeTrue(Files.isDirectory(FortuneReader.DEFAULT_DIRECTORY), "fortunes not installed");

        List<Fortune> fortunes = FortuneReader.readDefault();

        assertThat(fortunes).hasSizeGreaterThan(10_000);
        assertThat(fortunes.stream().map(Fortune::category).distinct().count())
                .isGreaterThan(30);
        assertThat(fortunes).extracting(Fortune::category)
                .contains("computers", "science").doesNotContain("computers.dat", "art.u8");
        assertThat(fortunes)
                .allSatisfy(f -> assertThat(f.text()).isNotBlank().doesNotEndWith("\n"));
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    }
}
