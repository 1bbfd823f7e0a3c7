package dev.tributary.cli;

import dev.tributary.adapt.AdapterConfig;
import dev.tributary.adapt.AdapterService;
import dev.tributary.kafka.KafkaClients;
import dev.tributary.metrics.ProcessMeters;
import dev.tributary.metrics.Service;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Serves the adapter HTTP API over the newest checkpoints until Ctrl-C. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve the adapter HTTP API (embed, generate, classify, linear probes, "
                + "and /metrics, which Prometheus also finds without a token on --metrics-port) "
                + "with the newest verified checkpoints of both models, swapping in each new "
                + "version as the trainer publishes it, until Ctrl-C.")
final class ServeCommand implements Callable<Integer> {

    /** The environment variable read when --token is not given. */
    static final String TOKEN_VARIABLE = "TRIBUTARY_SERVE_TOKEN";

    @Mixin
    KafkaOptions kafka;

    @Mixin
    MetricsOptions metrics;

    @Option(names = "--host", defaultValue = "127.0.0.1",
            description = "Address to listen on (default: ${DEFAULT-VALUE}; 0.0.0.0 for all).")
    String host;

    @Option(names = "--port", defaultValue = "8080",
            description = "Port to listen on, 0 for any free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--token", paramLabel = "TOKEN",
            description = "Bearer token every route but /health requires. Otherwise $"
                    + TOKEN_VARIABLE + "; with neither, no token is required.")
    String token;

    @Option(names = "--max-body-bytes", defaultValue = "8388608",
            description = "Largest request body accepted (default: ${DEFAULT-VALUE}).")
    int maxBodyBytes;

    @Option(names = "--threads", defaultValue = "4",
            description = "Request threads (default: ${DEFAULT-VALUE}).")
    int threads;

    @Override
    public Integer call() throws Exception {
        // Small inference calls slow down many times over when PyTorch spreads each one over
        // intra-op threads on busy cores; the engine reads this once, when it loads.
        if (System.getProperty("ai.djl.pytorch.num_threads") == null) {
            System.setProperty("ai.djl.pytorch.num_threads", "1");
        }
        String bearer = token != null ? token : System.getenv(TOKEN_VARIABLE);
        AdapterConfig config = AdapterConfig.defaults().withHost(host).withPort(port)
                .withToken(bearer).withMaxBodyBytes(maxBodyBytes).withThreads(threads);
        KafkaClients clients = kafka.reachableClients();
        ShutdownSignal signal = ShutdownSignal.install();
        try (ProcessMeters meters = metrics.start(Service.SERVE);
                AdapterService service = AdapterService.start(config, clients.admin(),
                        kafka.topics().checkpoints(), meters.registry())) {
            System.out.println("Serving on http://" + host + ":" + service.port()
                    + (config.token() == null ? " (no token required)" : " (bearer token)"));
            while (!signal.await(Duration.ofSeconds(30))) {
                System.out.println("In service: lm v" + service.text().version()
                        + ", simclr v" + service.images().version());
            }
        } finally {
            signal.finished();
        }
        return 0;
    }
}
