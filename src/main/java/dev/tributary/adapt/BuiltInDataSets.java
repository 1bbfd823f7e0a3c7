package dev.tributary.adapt;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.data.FashionMnist;
import dev.tributary.data.Fortune;
import dev.tributary.data.FortuneReader;
import dev.tributary.data.PngEncoder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;

/**
 * The data sets installed with the Debian packages, as labeled records:
 *
 * <ul>
 *   <li>{@code fashion-mnist}: the first {@code limit} images of the training split (its order
 *       is already shuffled, so classes come out about balanced), encoded as PNG like a
 *       producer sends them, labeled with the class name. The test split stays untouched for
 *       evaluations.
 *   <li>{@code fortunes}: quotes labeled with their file's name. Categories differ in size from
 *       a few to over a thousand quotes, so the same number is taken from each (a seeded sample
 *       of {@code limit / categories}, at most as many as the smallest has), which keeps a
 *       majority class from passing for accuracy. {@code categories} names them; by default
 *       four of different subjects with about 200 quotes or more.
 * </ul>
 *
 * <p>Both are read once, on first use, and kept: about 47 MB for the images, 4 MB of text.
 */
final class BuiltInDataSets {

    static final String FASHION_MNIST = "fashion-mnist";
    static final String FORTUNES = "fortunes";
    static final List<String> DEFAULT_CATEGORIES = List.of("computers", "food", "law",
            "startrek");
    private static final int DEFAULT_LIMIT = 1000;

    private FashionMnist fashionMnist;
    private Map<String, List<Fortune>> fortunes;

    /** The records of the data set the body names, at most {@code maxExamples}. */
    LabeledRecords read(JsonNode body, int maxExamples) {
        String name = JsonFields.text(body, "dataset");
        int limit = JsonFields.integer(body, "limit", Math.min(DEFAULT_LIMIT, maxExamples), 1,
                maxExamples);
        return switch (name) {
            case FASHION_MNIST -> fashionMnist(limit);
            case FORTUNES -> fortunes(body, limit);
            default -> throw JsonFields.invalid("dataset", "names no known data set: \"" + name
                    + "\"; known: " + FASHION_MNIST + ", " + FORTUNES);
        };
    }

    private LabeledRecords fashionMnist(int limit) {
        FashionMnist images = loadFashionMnist();
        int count = Math.min(limit, images.count());
        List<byte[]> values = new ArrayList<>(count);
        List<String> labels = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            values.add(PngEncoder.encodeGray(images.pixels(i), images.rows(), images.cols()));
            labels.add(images.labelName(i));
        }
        return new LabeledRecords(InputKind.IMAGE, values, labels, false,
                SourceReport.complete(FASHION_MNIST, count));
    }

    private LabeledRecords fortunes(JsonNode body, int limit) {
        Map<String, List<Fortune>> byCategory = loadFortunes();
        List<String> categories = body.hasNonNull("categories")
                ? JsonFields.texts(body, "categories", byCategory.size()) : DEFAULT_CATEGORIES;
        for (String category : categories) {
            if (!byCategory.containsKey(category)) {
                throw JsonFields.invalid("categories", "names no fortune file: \"" + category
                        + "\"; known: " + String.join(", ", new TreeSet<>(byCategory.keySet())));
            }
        }
        if (new TreeSet<>(categories).size() < 2) {
            throw JsonFields.invalid("categories", "must name at least two distinct categories");
        }
        int smallest = categories.stream().mapToInt(c -> byCategory.get(c).size()).min()
                .orElseThrow();
        int perCategory = Math.min(smallest, limit / categories.size());
        Random random = new Random(JsonFields.longInteger(body, "seed", 0));
        List<byte[]> values = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (String category : new TreeSet<>(categories)) {
            List<Fortune> quotes = new ArrayList<>(byCategory.get(category));
            Collections.shuffle(quotes, random);
            for (Fortune quote : quotes.subList(0, perCategory)) {
                values.add(quote.text().getBytes(StandardCharsets.UTF_8));
                labels.add(category);
            }
        }
        return new LabeledRecords(InputKind.TEXT, values, labels, false,
                SourceReport.complete(FORTUNES, values.size()));
    }

    private synchronized FashionMnist loadFashionMnist() {
        if (fashionMnist == null) {
            try {
                fashionMnist = FashionMnist.load(FashionMnist.Split.TRAIN);
            } catch (IOException e) {
                throw unavailable(FASHION_MNIST, "dataset-fashion-mnist", e);
            }
        }
        return fashionMnist;
    }

    private synchronized Map<String, List<Fortune>> loadFortunes() {
        if (fortunes == null) {
            Map<String, List<Fortune>> byCategory = new LinkedHashMap<>();
            try {
                for (Fortune fortune : FortuneReader.readDefault()) {
                    byCategory.computeIfAbsent(fortune.category(), c -> new ArrayList<>())
                            .add(fortune);
                }
            } catch (IOException e) {
                throw unavailable(FORTUNES, "fortunes", e);
            }
            fortunes = byCategory;
        }
        return fortunes;
    }

    private static ProblemException unavailable(String name, String debianPackage,
            IOException e) {
        return new ProblemException(ProblemType.SOURCE_UNAVAILABLE, "the data set " + name
                + " cannot be read (" + e.getMessage() + "); install the Debian package "
                + debianPackage);
    }
}
