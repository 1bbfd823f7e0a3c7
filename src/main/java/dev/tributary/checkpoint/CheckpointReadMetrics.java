package dev.tributary.checkpoint;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Counters of checkpoints read from the checkpoint topic: {@code
 * tributary.checkpoint.read.verified} tagged {@code model}, and {@code
 * tributary.checkpoint.read.rejected} tagged {@code model} and {@code reason}. Every read
 * counts, so a {@link CheckpointReader#latest} call counts again the versions it rereads.
 */
final class CheckpointReadMetrics {

    private final MeterRegistry registry;

    CheckpointReadMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void verified(String model) {
        Counter.builder("tributary.checkpoint.read.verified")
                .description("Checkpoints read and verified")
                .tag("model", model).register(registry).increment();
    }

    void rejected(CheckpointRejection rejection) {
        Counter.builder("tributary.checkpoint.read.rejected")
                .description("Checkpoints read and rejected, by reason")
                .tag("model", rejection.model()).tag("reason", rejection.reason().name())
                .register(registry).increment();
    }
}
