package dev.tributary.embed;

import dev.tributary.data.MalformedRecords;
import dev.tributary.data.MalformedRecords.Malformed;
import dev.tributary.data.PngEncoder;
import dev.tributary.data.RawRecord;
import dev.tributary.data.TextValidator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Raw records for the embed tests, from the real data sets the models were trained on: good
 * ones keyed {@code prefix-index}, so a test can find the input of every output, and ingest's
 * malformed ones.
 */
final class RawInputs {

    private final TrainedCheckpoints trained;

    RawInputs(TrainedCheckpoints trained) {
        this.trained = trained;
    }

    /** Fashion-MNIST test images from {@code from}, as PNG records keyed prefix + index. */
    List<RawRecord> images(String prefix, int from, int count) {
        List<RawRecord> records = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            records.add(new RawRecord(prefix + i, PngEncoder.encodeGray(
                    trained.fashion.pixels(i), 28, 28), null));
        }
        return records;
    }

    List<RawRecord> texts(String prefix, int from, int count) {
        List<RawRecord> records = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            records.add(new RawRecord(prefix + i, utf8(fortune(i)), null));
        }
        return records;
    }

    List<RawRecord> badImages(String prefix) {
        return MalformedRecords.images(prefix).stream().map(Malformed::record).toList();
    }

    List<RawRecord> badTexts(String prefix) {
        return MalformedRecords.texts(prefix, TextValidator.DEFAULT_MAX_BYTES).stream()
                .map(Malformed::record).toList();
    }

    /** The good and the bad records in one fixed, shuffled order. */
    List<RawRecord> mixed(List<RawRecord> good, List<RawRecord> bad) {
        List<RawRecord> all = new ArrayList<>(good);
        all.addAll(bad);
        Collections.shuffle(all, new Random(5));
        return all;
    }

    float[] pixels(int index) {
        byte[] image = trained.fashion.pixels(index);
        float[] pixels = new float[image.length]; // (1, 1, 28, 28)
        for (int i = 0; i < image.length; i++) {
            pixels[i] = (image[i] & 0xFF) / 255f;
        }
        return pixels;
    }

    /** A fortune counted from the end, away from the first ones the model trained on. */
    String fortune(int index) {
        return trained.fortunes.get(trained.fortunes.size() - 1 - index);
    }

    int index(String key) {
        return Integer.parseInt(key.substring(key.indexOf('-') + 1));
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
