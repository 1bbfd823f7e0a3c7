package dev.tributary.metrics;

import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The meter registry of one Tributary process, in Prometheus format: every meter carries the
 * common tags {@code service} and {@code instance}, and the JVM and process meters ({@code
 * jvm_*}, {@code process_*}, {@code system_*}) are bound from the start. Closing it stops the
 * endpoints it exposed, unhooks the garbage-collection listener and closes the registry.
 */
public final class ProcessMeters implements AutoCloseable {

    private final PrometheusMeterRegistry registry;
    private final JvmGcMetrics gcMetrics = new JvmGcMetrics();
    private final List<MetricsEndpoint> endpoints = new ArrayList<>();

    private ProcessMeters(Service service, String instance) {
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().commonTags("service", service.tag(),
                "instance", Objects.requireNonNull(instance, "instance"));
        new JvmMemoryMetrics().bindTo(registry);
        gcMetrics.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
    }

    /**
     * A registry for one process.
     *
     * @param instance the {@code instance} tag, which tells apart processes of the same
     *     service; {@link #defaultInstance()} unless the operator names it
     */
    public static ProcessMeters create(Service service, String instance) {
        return new ProcessMeters(service, instance);
    }

    /** This host's name, or {@code localhost} when it has none that resolves. */
    public static String defaultInstance() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /**
     * Serves this registry on {@code GET http://host:port/metrics} until closed.
     *
     * @param port the port, 0 for any free one
     * @throws IOException when the address cannot be bound, for instance because the port is
     *     taken
     */
    public MetricsEndpoint expose(String host, int port) throws IOException {
        MetricsEndpoint endpoint = MetricsEndpoint.start(registry, host, port);
        endpoints.add(endpoint);
        return endpoint;
    }

    @Override
    public void close() {
        endpoints.forEach(MetricsEndpoint::close);
        gcMetrics.close();
        registry.close();
    }
}
