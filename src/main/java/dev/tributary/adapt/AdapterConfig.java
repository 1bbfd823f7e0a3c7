package dev.tributary.adapt;

import java.util.Objects;

/**
 * How the adapter service listens and what it accepts.
 *
 * @param host the address to bind; loopback by default, so that exposing the service is a
 *     deliberate choice
 * @param port the TCP port; 0 picks any free one
 * @param token the bearer token every route but {@code /health} requires, or null for none
 * @param maxBodyBytes largest request body; larger ones get 413 before being read
 * @param maxImageBytes largest encoded image inside a request
 * @param maxNewTokens most tokens one generate request may ask for
 * @param maxPromptTokens most tokens a prompt (with few-shot examples) may have
 * @param maxExamples most examples in one classify or probe-fit request
 * @param threads request threads; model calls run on them
 * @param fineTuneQueue fine-tuning jobs that may wait while one runs; more get 429
 * @param keptJobs finished fine-tuning jobs kept (with their models) for status and predict;
 *     the oldest finished job beyond this many is forgotten and its model freed
 */
public record AdapterConfig(String host, int port, String token, int maxBodyBytes,
        int maxImageBytes, int maxNewTokens, int maxPromptTokens, int maxExamples, int threads,
        int fineTuneQueue, int keptJobs) {

    public AdapterConfig {
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0 to 65535, got " + port);
        }
        if (token != null && token.isBlank()) {
            token = null;
        }
        if (maxBodyBytes < 1 || maxImageBytes < 1 || maxNewTokens < 1 || maxPromptTokens < 1
                || maxExamples < 1 || threads < 1 || fineTuneQueue < 0 || keptJobs < 1) {
            throw new IllegalArgumentException("limits and threads must be positive");
        }
    }

    /**
     * 127.0.0.1:8080, no token, 8 MiB bodies, 1 MiB images, 256 new tokens, 2,048 prompt
     * tokens, 5,000 examples, 4 threads, 2 queued fine-tuning jobs, 8 finished jobs kept.
     */
    public static AdapterConfig defaults() {
        return new AdapterConfig("127.0.0.1", 8080, null, 8 << 20, 1 << 20, 256, 2048, 5000, 4,
                2, 8);
    }

    public AdapterConfig withPort(int newPort) {
        return new AdapterConfig(host, newPort, token, maxBodyBytes, maxImageBytes, maxNewTokens,
                maxPromptTokens, maxExamples, threads, fineTuneQueue, keptJobs);
    }

    public AdapterConfig withHost(String newHost) {
        return new AdapterConfig(newHost, port, token, maxBodyBytes, maxImageBytes, maxNewTokens,
                maxPromptTokens, maxExamples, threads, fineTuneQueue, keptJobs);
    }

    public AdapterConfig withToken(String newToken) {
        return new AdapterConfig(host, port, newToken, maxBodyBytes, maxImageBytes, maxNewTokens,
                maxPromptTokens, maxExamples, threads, fineTuneQueue, keptJobs);
    }

    public AdapterConfig withMaxBodyBytes(int bytes) {
        return new AdapterConfig(host, port, token, bytes, maxImageBytes, maxNewTokens,
                maxPromptTokens, maxExamples, threads, fineTuneQueue, keptJobs);
    }

    public AdapterConfig withThreads(int count) {
        return new AdapterConfig(host, port, token, maxBodyBytes, maxImageBytes, maxNewTokens,
                maxPromptTokens, maxExamples, count, fineTuneQueue, keptJobs);
    }

    public AdapterConfig withFineTuneQueue(int jobs) {
        return new AdapterConfig(host, port, token, maxBodyBytes, maxImageBytes, maxNewTokens,
                maxPromptTokens, maxExamples, threads, jobs, keptJobs);
    }
}
