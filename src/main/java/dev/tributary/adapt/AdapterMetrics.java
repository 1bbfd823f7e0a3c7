package dev.tributary.adapt;

import dev.tributary.metrics.LatencyBuckets;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The service's meters: {@code tributary.adapt.requests} (counter, tags {@code route} and
 * {@code status}), {@code tributary.adapt.request.time} (timer with histogram buckets, tag
 * {@code route}) and {@code tributary.adapt.model.version} (gauge, tag {@code model}, -1
 * before a version is loaded). The route tag is the route's template, such as
 * {@code /v1/probes/{name}/fit}, or {@code unmatched} for paths no route knows, so its values
 * stay few.
 */
final class AdapterMetrics {

    static final String UNMATCHED = "unmatched";

    /** Histogram buckets of the request time, around the 20 ms an embedding should take. */
    private static final Duration[] LATENCY_BUCKETS = LatencyBuckets.milliseconds(
            1, 2, 5, 10, 20, 50, 100, 250, 500, 1_000, 5_000);

    private final MeterRegistry registry;

    AdapterMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void watch(ModelHolder<?> holder) {
        Gauge.builder("tributary.adapt.model.version", holder, ModelHolder::version)
                .tag("model", holder.model())
                .description("Checkpoint version in service, -1 before the first")
                .strongReference(true)
                .register(registry);
    }

    void record(String route, int status, long nanos) {
        Counter.builder("tributary.adapt.requests").tag("route", route)
                .tag("status", Integer.toString(status))
                .description("Requests answered, by route and status").register(registry)
                .increment();
        Timer.builder("tributary.adapt.request.time").tag("route", route)
                .description("Time from request to response")
                .serviceLevelObjectives(LATENCY_BUCKETS).register(registry)
                .record(nanos, TimeUnit.NANOSECONDS);
    }
}
