package dev.tributary.model;

import java.lang.ref.PhantomReference;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;

/** Makes the JVM free the memory of every direct buffer that nothing references any more. */
final class UnreachableBuffers {

    private static final long TIMEOUT_MILLIS = 10_000;

    private UnreachableBuffers() {
    }

    /**
     * Collects garbage twice. The reference handler frees a direct buffer after a collection
     * finds it unreachable, and takes each collection's references as one list; once a marker
     * of the second collection has come through, everything the first one found is freed.
     *
     * @throws IllegalStateException if a collection does not happen (explicit GC disabled)
     */
    static void free() {
        for (int round = 0; round < 2; round++) {
            ReferenceQueue<Object> queue = new ReferenceQueue<>();
            PhantomReference<Object> marker = new PhantomReference<>(new Object(), queue);
            System.gc();
            try {
                if (queue.remove(TIMEOUT_MILLIS) == null) {
                    throw new IllegalStateException("System.gc() collected nothing in "
                            + TIMEOUT_MILLIS + " ms; is -XX:+DisableExplicitGC set?");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } finally {
                Reference.reachabilityFence(marker);
            }
        }
    }
}
