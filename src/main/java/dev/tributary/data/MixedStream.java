package dev.tributary.data;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Supplier;

/**
 * A data set with a bad record slipped in after every {@code every} good ones, cycling through
 * the given bad records: what a real stream from many careless producers looks like.
 */
public final class MixedStream {

    private MixedStream() {
    }

    public static Supplier<Iterator<RawRecord>> of(Supplier<Iterator<RawRecord>> good,
            List<MalformedRecords.Malformed> bad, int every) {
        if (bad.isEmpty() || every <= 0) {
            return good;
        }
        return () -> new Iterator<>() {
            private final Iterator<RawRecord> records = good.get();
            private long produced;
            private int nextBad;

            @Override
            public boolean hasNext() {
                return records.hasNext();
            }

            @Override
            public RawRecord next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                produced++;
                if (produced % (every + 1) == 0) {
                    return bad.get(nextBad++ % bad.size()).record();
                }
                return records.next();
            }
        };
    }
}
