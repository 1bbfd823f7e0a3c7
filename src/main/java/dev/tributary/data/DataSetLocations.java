package dev.tributary.data;

import java.net.URI;
import java.nio.file.Path;

/**
 * Where {@link DataSets} looks for and fetches data.
 *
 * @param packagedFashionMnist where the Debian package puts Fashion-MNIST
 * @param packagedFortunes where the Debian packages put the fortune files
 * @param cache directory for downloaded copies, one sub-directory per data set
 * @param fashionMnistSource base URI of the Fashion-MNIST files
 * @param fortunesSource base URI of the fortune files
 */
public record DataSetLocations(
        Path packagedFashionMnist,
        Path packagedFortunes,
        Path cache,
        URI fashionMnistSource,
        URI fortunesSource) {

    /** Environment variable that overrides the cache directory. */
    public static final String CACHE_ENV = "TRIBUTARY_DATA";

    /** The Debian locations, {@code $TRIBUTARY_DATA} or {@code ~/.cache/tributary/data}. */
    public static DataSetLocations standard() {
        return new DataSetLocations(FashionMnist.DEFAULT_DIRECTORY,
                FortuneReader.DEFAULT_DIRECTORY, defaultCache(),
                UpstreamFiles.FASHION_MNIST_SOURCE, UpstreamFiles.FORTUNES_SOURCE);
    }

    static Path defaultCache() {
        String override = System.getenv(CACHE_ENV);
        if (override != null && !override.isBlank()) {
            return Path.of(override);
        }
        return Path.of(System.getProperty("user.home"), ".cache", "tributary", "data");
    }
}
