package dev.tributary.data;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the demo's data sets, or gets them, so that the demo runs on a fresh machine. In order:
 * the Debian package location; verified copies in the cache directory; on a Debian-family
 * system where we are root or may sudo without a password, {@code apt-get install}; else a
 * download from the projects' own sites into the cache, verified by SHA-256. When all of these
 * fail the exception says in one line what to install or which {@code --source} to pass.
 */
public final class DataSets {

    /** What {@code apt-get} installs: both data sets at once, since the demo needs both. */
    public static final List<String> DEBIAN_PACKAGES =
            List.of("dataset-fashion-mnist", "fortunes", "fortunes-min");

    private static final Logger log = LoggerFactory.getLogger(DataSets.class);

    private final DataSetLocations locations;
    private final SystemPackages packages;
    private final Fetcher fetcher;
    private boolean installAttempted;

    public DataSets(DataSetLocations locations, SystemPackages packages, Fetcher fetcher) {
        this.locations = locations;
        this.packages = packages;
        this.fetcher = fetcher;
    }

    /** The standard locations, apt-get on this machine, and real downloads. */
    public static DataSets standard() {
        return new DataSets(DataSetLocations.standard(), new AptPackages(), new Fetcher());
    }

    /** A directory holding the four Fashion-MNIST IDX files. */
    public synchronized Path fashionMnist() throws IOException {
        return ensure(new Wanted("fashion-mnist", locations.packagedFashionMnist(),
                FashionMnist::isPresentIn, locations.fashionMnistSource(),
                UpstreamFiles.FASHION_MNIST_FILES,
                "Fashion-MNIST not found: install the Debian package dataset-fashion-mnist, or"
                        + " pass --source <dir> holding train-images-idx3-ubyte.gz,"
                        + " train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz and"
                        + " t10k-labels-idx1-ubyte.gz"));
    }

    /** A directory holding fortune files, one category a file. */
    public synchronized Path fortunes() throws IOException {
        return ensure(new Wanted("fortunes", locations.packagedFortunes(),
                dir -> allPresent(dir, UpstreamFiles.FORTUNE_FILES),
                locations.fortunesSource(), UpstreamFiles.FORTUNE_FILES,
                "Fortunes not found: install the Debian packages fortunes and fortunes-min, or"
                        + " pass --source <dir> holding fortune files (quotes separated by"
                        + " lines holding only %)"));
    }

    /** One data set being looked for. */
    private record Wanted(String name, Path packaged, Predicate<Path> installedIn,
            URI source, List<RemoteFile> files, String advice) {
    }

    private Path ensure(Wanted wanted) throws IOException {
        if (wanted.installedIn().test(wanted.packaged())) {
            return wanted.packaged();
        }
        Path cached = locations.cache().resolve(wanted.name());
        if (allVerified(cached, wanted.files())) {
            log.debug("Using verified {} in {}", wanted.name(), cached);
            return cached;
        }
        if (installWithApt() && wanted.installedIn().test(wanted.packaged())) {
            return wanted.packaged();
        }
        try {
            download(wanted, cached);
            return cached;
        } catch (IOException e) {
            throw new DataSetUnavailableException(wanted.advice() + " (download from "
                    + wanted.source() + " failed: " + e.getMessage() + ")");
        }
    }

    /** Installs the packages once per instance, when the system allows it. */
    private boolean installWithApt() {
        if (installAttempted || !packages.isDebianFamily()) {
            return false;
        }
        installAttempted = true;
        boolean sudo = !packages.isRoot();
        if (sudo && !packages.canSudo()) {
            log.info("Not root and sudo needs a password, so not installing {}", DEBIAN_PACKAGES);
            return false;
        }
        log.info("Installing Debian packages {} with apt-get{}", DEBIAN_PACKAGES,
                sudo ? " through sudo" : "");
        try {
            if (packages.install(DEBIAN_PACKAGES, sudo)) {
                return true;
            }
            // A fresh container often has empty package lists: refresh them and try once more.
            log.info("apt-get install failed; running apt-get update and trying again");
            return packages.update(sudo) && packages.install(DEBIAN_PACKAGES, sudo);
        } catch (IOException e) {
            log.warn("apt-get could not run: {}", e.toString());
            return false;
        }
    }

    private void download(Wanted wanted, Path directory) throws IOException {
        log.info("Downloading {} from {} to {}", wanted.name(), wanted.source(), directory);
        for (RemoteFile file : wanted.files()) {
            Path target = directory.resolve(file.name());
            if (!Fetcher.isVerified(target, file)) {
                fetcher.fetch(wanted.source().resolve(file.name()), target, file);
            }
        }
    }

    private static boolean allPresent(Path directory, List<RemoteFile> files) {
        return files.stream().allMatch(f -> Files.isRegularFile(directory.resolve(f.name())));
    }

    private static boolean allVerified(Path directory, List<RemoteFile> files)
            throws IOException {
        for (RemoteFile file : files) {
            if (!Fetcher.isVerified(directory.resolve(file.name()), file)) {
                return false;
            }
        }
        return true;
    }
}
