package dev.tributary.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tributary.data.FashionMnist.Split;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The decision logic, with a scripted package manager and file: URIs instead of the network. */
class DataSetsTest {

    @TempDir
    Path dir;

    private final FakePackages packages = new FakePackages();

    @Test
    void packagedDataIsUsedWithoutInstallingOrDownloading() throws IOException {
        writeFakeFashionMnist(packaged("fashion"));

        assertThat(dataSets(emptySource()).fashionMnist()).isEqualTo(packaged("fashion"));
        assertThat(packages.calls).isEmpty();
    }

    @Test
    void rootInstallsThePackagesWithoutSudo() throws IOException {
        packages.root = true;
        packages.onInstall = () -> writeFakeFashionMnist(packaged("fashion"));

        assertThat(dataSets(emptySource()).fashionMnist()).isEqualTo(packaged("fashion"));
        assertThat(packages.calls).containsExactly(
                "install [dataset-fashion-mnist, fortunes, fortunes-min] sudo=false");
    }

    @Test
    void userWithPasswordlessSudoInstallsThroughSudo() throws IOException {
        packages.sudo = true;
        packages.onInstall = () -> writeFakeFashionMnist(packaged("fashion"));

        dataSets(emptySource()).fashionMnist();

        assertThat(packages.calls).containsExactly(
                "install [dataset-fashion-mnist, fortunes, fortunes-min] sudo=true");
    }

    @Test
    void failedInstallIsRetriedOnceAfterUpdate() throws IOException {
        packages.root = true;
        packages.installResults.add(false);
        packages.onInstall = () -> writeFakeFashionMnist(packaged("fashion"));

        assertThat(dataSets(emptySource()).fashionMnist()).isEqualTo(packaged("fashion"));
        assertThat(packages.calls).containsExactly(
                "install [dataset-fashion-mnist, fortunes, fortunes-min] sudo=false",
                "update sudo=false",
                "install [dataset-fashion-mnist, fortunes, fortunes-min] sudo=false");
    }

    @Test
    void userWithoutSudoNeverRunsTheInstaller() {
        assertThatThrownBy(() -> dataSets(emptySource()).fashionMnist())
                .isInstanceOf(DataSetUnavailableException.class);
        assertThat(packages.calls).isEmpty();
    }

    @Test
    void installerIsTriedOnlyOncePerInstance() {
        packages.root = true;
        packages.installResults.addAll(List.of(false, false));
        DataSets dataSets = dataSets(emptySource());

        assertThatThrownBy(dataSets::fashionMnist).isInstanceOf(IOException.class);
        assertThatThrownBy(dataSets::fortunes).isInstanceOf(IOException.class);
        assertThat(packages.calls).hasSize(3); // install, update, install
    }

    @Test
    void whenNothingWorksTheMessageIsOneLineSayingWhatToInstallOrPass() {
        packages.debian = false;

        assertThatThrownBy(() -> dataSets(emptySource()).fashionMnist())
                .isInstanceOf(DataSetUnavailableException.class)
                .hasMessageNotContaining("\n")
                .hasMessageContaining("dataset-fashion-mnist")
                .hasMessageContaining("--source");
        assertThatThrownBy(() -> dataSets(emptySource()).fortunes())
                .hasMessageNotContaining("\n")
                .hasMessageContaining("fortunes-min")
                .hasMessageContaining("--source");
    }

    @Test
    void withoutPackagesFortunesAreDownloadedVerifiedAndThenReusedFromCache() throws IOException {
        assumeTrue(Files.isDirectory(FortuneReader.DEFAULT_DIRECTORY), "fortunes not installed");
        packages.debian = false;
        Path source = FortuneReader.DEFAULT_DIRECTORY;

        Path first = dataSets(source).fortunes();
        Path second = dataSets(Files.createDirectory(dir.resolve("gone"))).fortunes();

        assertThat(first).isEqualTo(dir.resolve("cache/fortunes")).isEqualTo(second);
        assertThat(FortuneReader.readDirectory(first)).hasSizeGreaterThan(8_000);
    }

    @Test
    void withoutPackagesFashionMnistIsDownloadedAndLoads() throws IOException {
        assumeTrue(FashionMnist.isPresentIn(FashionMnist.DEFAULT_DIRECTORY),
                "dataset-fashion-mnist is not installed");
        packages.debian = false;

        Path cached = dataSets(FashionMnist.DEFAULT_DIRECTORY).fashionMnist();

        assertThat(cached).isEqualTo(dir.resolve("cache/fashion-mnist"));
        assertThat(FashionMnist.load(cached, Split.TEST).count()).isEqualTo(10_000);
    }

    @Test
    void filesWithWrongContentAreRefusedAndNotCached() throws IOException {
        packages.debian = false;
        Path fake = Files.createDirectory(dir.resolve("fake"));
        for (RemoteFile file : UpstreamFiles.FORTUNE_FILES) {
            Files.writeString(fake.resolve(file.name()), "Not the real quotes.\n%\n");
        }

        assertThatThrownBy(() -> dataSets(fake).fortunes())
                .isInstanceOf(DataSetUnavailableException.class)
                .hasMessageContaining("checksum mismatch");
        assertThat(dir.resolve("cache/fortunes")).isEmptyDirectory();
    }

    private DataSets dataSets(Path source) {
        DataSetLocations locations = new DataSetLocations(packaged("fashion"),
                packaged("fortunes"), dir.resolve("cache"), source.toUri(), source.toUri());
        return new DataSets(locations, packages, new Fetcher());
    }

    private Path packaged(String name) {
        return dir.resolve("usr-share").resolve(name);
    }

    private Path emptySource() {
        Path empty = dir.resolve("empty-source");
        try {
            return Files.createDirectories(empty);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static void writeFakeFashionMnist(Path directory) throws IOException {
        Files.createDirectories(directory);
        for (Split split : Split.values()) {
            IdxFiles.write(directory.resolve(split.imagesFile() + ".gz"),
                    IdxFiles.images(2, 2, 2), true);
            IdxFiles.write(directory.resolve(split.labelsFile() + ".gz"), IdxFiles.labels(2),
                    true);
        }
    }

    /** Answers the system questions as told and records every command it is asked to run. */
    private static final class FakePackages implements SystemPackages {

        interface Action {
            void run() throws IOException;
        }

        boolean debian = true;
        boolean root;
        boolean sudo;
        final List<Boolean> installResults = new ArrayList<>();
        Action onInstall = () -> { };
        final List<String> calls = new ArrayList<>();

        @Override
        public boolean isDebianFamily() {
            return debian;
        }

        @Override
        public boolean isRoot() {
            return root;
        }

        @Override
        public boolean canSudo() {
            return sudo;
        }

        @Override
        public boolean install(List<String> names, boolean withSudo) throws IOException {
            calls.add("install " + names + " sudo=" + withSudo);
            boolean ok = installResults.isEmpty() || installResults.remove(0);
            if (ok) {
                onInstall.run();
            }
            return ok;
        }

        @Override
        public boolean update(boolean withSudo) {
            calls.add("update sudo=" + withSudo);
            return true;
        }
    }
}
