package dev.tributary.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * One split of Fashion-MNIST: 28x28 grayscale pictures of clothing in ten classes, 60,000 for
 * training and 10,000 for testing. Reads the four IDX files as the Debian package
 * {@code dataset-fashion-mnist} and the upstream project ship them, gzipped or not.
 */
public final class FashionMnist {

    /** Where the Debian package {@code dataset-fashion-mnist} installs the files. */
    public static final Path DEFAULT_DIRECTORY = Path.of("/usr/share/datasets/fashion-mnist");

    /** Class names in label order: label {@code k} is {@code CLASS_NAMES.get(k)}. */
    public static final List<String> CLASS_NAMES = List.of(
            "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    /** The two published splits and the prefix of their file names. */
    public enum Split {
        TRAIN("train"),
        TEST("t10k");

        private final String prefix;

        Split(String prefix) {
            this.prefix = prefix;
        }

        /** File name of the images without a {@code .gz} suffix. */
        public String imagesFile() {
            return prefix + "-images-idx3-ubyte";
        }

        /** File name of the labels without a {@code .gz} suffix. */
        public String labelsFile() {
            return prefix + "-labels-idx1-ubyte";
        }
    }

    private final Split split;
    private final IdxImages images;
    private final byte[] labels;

    private FashionMnist(Split split, IdxImages images, byte[] labels) {
        this.split = split;
        this.images = images;
        this.labels = labels;
    }

    /** Loads a split from the Debian package location. */
    public static FashionMnist load(Split split) throws IOException {
        return load(DEFAULT_DIRECTORY, split);
    }

    /** Loads a split from {@code directory}, preferring the gzipped file when both exist. */
    public static FashionMnist load(Path directory, Split split) throws IOException {
        Objects.requireNonNull(split, "split");
        IdxImages images = IdxReader.readImages(locate(directory, split.imagesFile()));
        byte[] labels = IdxReader.readLabels(locate(directory, split.labelsFile()));
        if (labels.length != images.count()) {
            throw new IOException(directory + ": " + split + " has " + images.count()
                    + " images but " + labels.length + " labels");
        }
        return new FashionMnist(split, images, labels);
    }

    /** True when all four files of both splits are in {@code directory}. */
    public static boolean isPresentIn(Path directory) {
        for (Split split : Split.values()) {
            if (find(directory, split.imagesFile()) == null
                    || find(directory, split.labelsFile()) == null) {
                return false;
            }
        }
        return true;
    }

    /** The name of class {@code label}. */
    public static String className(int label) {
        return CLASS_NAMES.get(label);
    }

    public Split split() {
        return split;
    }

    public int count() {
        return images.count();
    }

    public int rows() {
        return images.rows();
    }

    public int cols() {
        return images.cols();
    }

    /** A copy of image {@code i}: {@code rows * cols} bytes, row-major, 0..255. */
    public byte[] pixels(int i) {
        return images.image(i);
    }

    /** Image {@code i} as the models take it: {@code rows * cols} floats in [0, 1], row-major. */
    public float[] normalizedPixels(int i) {
        byte[] image = pixels(i);
        float[] values = new float[image.length];
        for (int j = 0; j < image.length; j++) {
            values[j] = (image[j] & 0xFF) / 255f;
        }
        return values;
    }

    /** Label of image {@code i}, 0..9. */
    public int label(int i) {
        return Byte.toUnsignedInt(labels[i]);
    }

    /** Class name of image {@code i}. */
    public String labelName(int i) {
        return className(label(i));
    }

    private static Path locate(Path directory, String name) throws IOException {
        Path file = find(directory, name);
        if (file == null) {
            throw new IOException("Fashion-MNIST file " + name + ".gz (or " + name
                    + ") not found in " + directory);
        }
        return file;
    }

    private static Path find(Path directory, String name) {
        for (Path candidate : List.of(directory.resolve(name + ".gz"), directory.resolve(name))) {
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
