package dev.tributary.adapt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.checkpoint.Checkpoint;
import dev.tributary.checkpoint.TrainingMetrics;
import dev.tributary.model.ModelDescription;
import dev.tributary.model.NamedTensor;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * How a holder swaps versions, shown with a model that only records whether it was closed:
 * the holder's logic does not depend on what the model computes.
 */
class ModelHolderTest {

    /** A model that knows its version and whether it has been closed. */
    private record Versioned(long version, AtomicBoolean closed) implements AutoCloseable {
        @Override
        public void close() {
            closed.set(true);
        }
    }

    private final ModelHolder<Versioned> holder = new ModelHolder<>("tiny", checkpoint -> {
        if (checkpoint.manifest().samplesSeen() == 13) {
            throw new IllegalArgumentException("thirteen samples is unlucky");
        }
        return new Versioned(checkpoint.version(), new AtomicBoolean());
    });

    @Test
    void aLeasedVersionStaysOpenAfterASwapAndClosesWithItsLastLease() {
        holder.install(checkpoint(1, 0));
        ModelLease<Versioned> old = holder.lease().orElseThrow();

        holder.install(checkpoint(2, 0));

        assertThat(holder.version()).isEqualTo(2);
        assertThat(old.model().closed()).isFalse();
        old.close();
        assertThat(old.model().closed()).isTrue();
        try (ModelLease<Versioned> current = holder.lease().orElseThrow()) {
            assertThat(current.version()).isEqualTo(2);
            assertThat(current.model().closed()).isFalse();
        }
    }

    @Test
    void aCheckpointThatDoesNotLoadIsRefusedAndTheCurrentVersionKept() {
        holder.install(checkpoint(1, 0));

        holder.install(checkpoint(2, 13));

        assertThat(holder.version()).isEqualTo(1);
        assertThat(holder.lastRefusal()).hasValueSatisfying(refusal -> {
            assertThat(refusal.version()).isEqualTo(2);
            assertThat(refusal.reason()).contains("unlucky");
        });
    }

    @Test
    void anOlderVersionIsIgnoredAndNothingIsLeasedBeforeTheFirst() {
        assertThat(holder.lease()).isEmpty();
        holder.install(checkpoint(3, 0));

        holder.install(checkpoint(2, 0));

        assertThat(holder.version()).isEqualTo(3);
    }

    @Test
    void closingTheHolderClosesTheCurrentVersionOnceUnleased() {
        holder.install(checkpoint(1, 0));
        ModelLease<Versioned> lease = holder.lease().orElseThrow();

        holder.close();

        assertThat(lease.model().closed()).isFalse();
        lease.close();
        assertThat(lease.model().closed()).isTrue();
        assertThat(holder.lease()).isEmpty();
    }

    private static Checkpoint checkpoint(long version, long samples) {
        return Checkpoint.builder("tiny", version).samplesSeen(samples)
                .description(new ModelDescription("tiny", Map.of()))
                .metrics(new TrainingMetrics(1.0, 1e-3, 1.0, 10))
                .build(List.of(new NamedTensor("w", new long[] {2}, new float[] {1f, 2f})));
    }
}
