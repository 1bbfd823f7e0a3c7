package dev.tributary.cli;

import dev.tributary.metrics.MetricsEndpoint;
import dev.tributary.metrics.ProcessMeters;
import dev.tributary.metrics.Service;
import java.io.IOException;
import java.io.UncheckedIOException;
import picocli.CommandLine.Option;

/**
 * Where a long-running command serves its meters to Prometheus. Each command has a default
 * port of its own (see {@link Service#defaultPort()}), so that several run on one host.
 */
final class MetricsOptions {

    @Option(names = "--metrics-port", paramLabel = "PORT",
            description = "Port of GET /metrics for Prometheus; 0 serves none (default: demo "
                    + "9400, ingest 9401, train 9402, embed 9403, serve 9404).")
    Integer port;

    @Option(names = "--metrics-host", defaultValue = "127.0.0.1", paramLabel = "HOST",
            description = "Address /metrics listens on (default: ${DEFAULT-VALUE}; 0.0.0.0 "
                    + "for all).")
    String host;

    @Option(names = "--instance", paramLabel = "NAME",
            description = "The instance tag on every meter (default: this host's name).")
    String instance;

    /**
     * The process's registry, served on the configured port unless that is 0; prints where.
     *
     * @throws UncheckedIOException when the port cannot be bound, naming the option to change
     */
    ProcessMeters start(Service service) {
        ProcessMeters meters = ProcessMeters.create(service,
                instance != null ? instance : ProcessMeters.defaultInstance());
        int chosen = port != null ? port : service.defaultPort();
        if (chosen == 0) {
            return meters;
        }
        try {
            MetricsEndpoint endpoint = exposeOnDefaultOrAnyPort(meters, service, chosen);
            System.out.println("Metrics for Prometheus at " + endpoint.url());
            return meters;
        } catch (IOException e) {
            meters.close();
            throw new UncheckedIOException("cannot serve metrics on " + host + ":" + chosen
                    + " (" + e.getMessage() + "); choose another with --metrics-port, or 0 "
                    + "for none", e);
        }
    }

    /**
     * The demo is for a newcomer's machine, where its default port may be taken by anything:
     * there it falls back to a free port and prints it. A port chosen with the option, and the
     * ports of the services a Prometheus configuration names, are kept or fail.
     */
    private MetricsEndpoint exposeOnDefaultOrAnyPort(ProcessMeters meters, Service service,
            int chosen) throws IOException {
        try {
            return meters.expose(host, chosen);
        } catch (IOException e) {
            if (port != null || service != Service.DEMO) {
                throw e;
            }
            System.out.println("Port " + chosen + " is taken; metrics take any free port.");
            return meters.expose(host, 0);
        }
    }
}
