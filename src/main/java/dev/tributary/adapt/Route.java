package dev.tributary.adapt;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One method on one path template, such as {@code POST /v1/probes/{name}/fit}, whose
 * {@code {name}} segments match any one non-empty path segment.
 *
 * @param method the HTTP method
 * @param template the path template, also the {@code route} tag of the metrics
 * @param open whether the route answers without the bearer token (health checks)
 * @param handler what answers it
 */
record Route(String method, String template, boolean open, Handler handler) {

    /** Answers a request, or throws a {@link ProblemException}. */
    @FunctionalInterface
    interface Handler {
        Reply handle(ApiRequest request);
    }

    static Route get(String template, Handler handler) {
        return new Route("GET", template, false, handler);
    }

    static Route post(String template, Handler handler) {
        return new Route("POST", template, false, handler);
    }

    static Route delete(String template, Handler handler) {
        return new Route("DELETE", template, false, handler);
    }

    /** The path parameters when the path fits the template. */
    Optional<Map<String, String>> match(String path) {
        String[] want = template.split("/", -1);
        String[] have = path.split("/", -1);
        if (want.length != have.length) {
            return Optional.empty();
        }
        Map<String, String> parameters = new HashMap<>();
        for (int i = 0; i < want.length; i++) {
            if (want[i].startsWith("{") && want[i].endsWith("}")) {
                if (have[i].isEmpty()) {
                    return Optional.empty();
                }
                parameters.put(want[i].substring(1, want[i].length() - 1), have[i]);
            } else if (!want[i].equals(have[i])) {
                return Optional.empty();
            }
        }
        return Optional.of(parameters);
    }
}
