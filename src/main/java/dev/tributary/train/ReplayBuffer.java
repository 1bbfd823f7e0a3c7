package dev.tributary.train;

import dev.tributary.data.Batch;
import java.util.Arrays;
import java.util.Random;

/**
 * A reservoir of past samples (rows of batches) mixed into new batches, so a model learning from
 * an endless stream keeps seeing what it saw before instead of drifting with the latest data.
 *
 * <p>The reservoir holds at most {@code capacity} rows; once full, each new row replaces a
 * random one with probability capacity/seen (reservoir sampling), so every row seen so far is
 * equally likely to be held. Replayed rows are appended to a batch, never replace its new rows:
 * every new sample is still trained on. The reservoir lives in memory only and starts empty
 * after a restart.
 */
public final class ReplayBuffer {

    private final int capacity;
    private final double fraction;
    private final Random random;
    private byte[][] rows;
    private int held;
    private long seen;
    private int rowBytes = -1;

    /**
     * @param capacity most rows held
     * @param fraction replayed rows appended per new row, e.g. 0.25 adds 8 rows to a batch of 32
     * @param seed seed of the sampling, for reproducible runs
     */
    public ReplayBuffer(int capacity, double fraction, long seed) {
        if (capacity < 0 || fraction < 0) {
            throw new IllegalArgumentException("replay capacity and fraction must be >= 0");
        }
        this.capacity = capacity;
        this.fraction = fraction;
        this.random = new Random(seed);
        this.rows = new byte[Math.min(capacity, 1024)][];
    }

    /**
     * The batch with replayed rows appended (when the reservoir has any), after which the
     * batch's own rows join the reservoir. The source-record count stays that of the new batch.
     */
    public Batch mix(Batch batch) {
        int rowSize = rowBytes(batch);
        int count = batch.shape()[0];
        int replayed = Math.min(held, (int) Math.round(count * fraction));
        byte[] data = Arrays.copyOf(batch.data(), (count + replayed) * rowSize);
        for (int i = 0; i < replayed; i++) {
            byte[] row = rows[random.nextInt(held)];
            System.arraycopy(row, 0, data, (count + i) * rowSize, rowSize);
        }
        remember(batch.data(), count, rowSize);
        int[] shape = batch.shape().clone();
        shape[0] = count + replayed; // (N + R, ...)
        return new Batch(batch.dtype(), shape, batch.sourceRecords(), data);
    }

    /** Rows held now. */
    public int size() {
        return held;
    }

    /** Held rows as a fraction of the capacity. */
    public double fill() {
        return capacity == 0 ? 0 : (double) held / capacity;
    }

    private void remember(byte[] data, int count, int rowSize) {
        for (int i = 0; i < count && capacity > 0; i++) {
            seen++;
            int slot = held < capacity ? held++ : (int) (random.nextDouble() * seen);
            if (slot < capacity) {
                if (slot >= rows.length) {
                    rows = Arrays.copyOf(rows, Math.min(capacity, rows.length * 2));
                }
                rows[slot] = Arrays.copyOfRange(data, i * rowSize, (i + 1) * rowSize);
            }
        }
    }

    private int rowBytes(Batch batch) {
        int size = (int) (batch.elementCount() / batch.shape()[0]) * batch.dtype().bytes();
        if (rowBytes >= 0 && size != rowBytes) {
            // A new row shape means a new model input: old rows cannot be mixed in.
            held = 0;
        }
        rowBytes = size;
        return size;
    }
}
