package dev.tributary.data;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Supplier;

/**
 * Data sets as the raw records a producer would send: images encoded as PNG, fortunes as UTF-8,
 * each under a stable key with its class or category as the label.
 */
public final class DataSetRecords {

    private DataSetRecords() {
    }

    /**
     * Fashion-MNIST images, each encoded to PNG only when it is reached, under keys such as
     * {@code fashion-mnist/train/000042} and labelled with the class name.
     */
    public static Supplier<Iterator<RawRecord>> fashionMnist(FashionMnist images) {
        String prefix = "fashion-mnist/" + images.split().name().toLowerCase(Locale.ROOT)
                + "/";
        return () -> new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < images.count();
            }

            @Override
            public RawRecord next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                int i = next++;
                byte[] png = PngEncoder.encodeGray(images.pixels(i), images.rows(), images.cols());
                return new RawRecord(prefix + String.format("%06d", i), png, images.labelName(i));
            }
        };
    }

    /** Fortunes under keys such as {@code fortunes/computers/17}, labelled with the category. */
    public static Supplier<Iterator<RawRecord>> fortunes(List<Fortune> fortunes) {
        return () -> {
            Map<String, Integer> indexInCategory = new HashMap<>();
            return fortunes.stream().map(fortune -> {
                int index = indexInCategory.merge(fortune.category(), 1, Integer::sum) - 1;
                return new RawRecord("fortunes/" + fortune.category() + "/" + index,
                        fortune.text().getBytes(StandardCharsets.UTF_8), fortune.category());
            }).iterator();
        };
    }
}
