package dev.tributary.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A PromQL expression of the monitoring files, made ready for an instant query: a dashboard
 * panel's query with Grafana's variables filled in, or an alert rule's with its comparisons
 * turned into {@code bool} ones.
 *
 * <p>A healthy system fires no alert, so an alert's expression, as written, returns nothing.
 * With {@code bool} each comparison keeps its series and answers 0 or 1, and {@code absent}
 * is asked about what it looks for; an empty answer then means a metric or label that the
 * running system does not have, which is the mistake this is meant to find.
 *
 * @param file the file it comes from, relative to the monitoring directory
 * @param where the panel title or alert name
 * @param written the expression as the file has it
 * @param query the expression to send to Prometheus
 */
record MonitoringExpression(String file, String where, String written, String query) {

    static final String DASHBOARD = "grafana/dashboards/tributary.json";
    static final String ALERTS = "prometheus/alerts.yml";

    /** Grafana's built-in interval variables, at values suiting a 1 s scrape interval. */
    private static final Map<String, String> BUILT_IN = Map.of(
            "__rate_interval", "1m", "__interval", "15s", "__range", "5m",
            "__interval_ms", "15000", "__range_s", "300");
    private static final Pattern VARIABLE =
            Pattern.compile("\\$\\{(\\w+)(?::\\w+)?}|\\[\\[(\\w+)]]|\\$(\\w+)");
    private static final Pattern COMPARISON =
            Pattern.compile("(==|!=|>=|<=|>(?!=)|<(?!=))(?!\\s*bool\\b)");

    static List<MonitoringExpression> dashboard(Path monitoring) throws IOException {
        JsonNode dashboard = new ObjectMapper().readTree(monitoring.resolve(DASHBOARD).toFile());
        Map<String, String> values = variableValues(dashboard.path("templating").path("list"));
        List<MonitoringExpression> found = new ArrayList<>();
        collectPanels(dashboard.path("panels"), values, found);
        return found;
    }

    private static void collectPanels(JsonNode panels, Map<String, String> values,
            List<MonitoringExpression> found) {
        for (JsonNode panel : panels) {
            for (JsonNode target : panel.path("targets")) {
                String expr = target.path("expr").asText("");
                if (!expr.isBlank()) {
                    found.add(new MonitoringExpression(DASHBOARD,
                            "panel \"" + panel.path("title").asText() + "\"", expr,
                            substitute(expr, values)));
                }
            }
            collectPanels(panel.path("panels"), values, found); // rows hold their panels
        }
    }

    /** Each variable's "All" value when it has one, so that a panel shows every series. */
    private static Map<String, String> variableValues(JsonNode variables) {
        Map<String, String> values = new TreeMap<>(BUILT_IN);
        for (JsonNode variable : variables) {
            String all = variable.path("allValue").asText("");
            values.put(variable.path("name").asText(), all.isEmpty() ? ".*" : all);
        }
        return values;
    }

    private static String substitute(String expr, Map<String, String> values) {
        Matcher matcher = VARIABLE.matcher(expr);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String name = matcher.group(1) != null ? matcher.group(1)
                    : matcher.group(2) != null ? matcher.group(2) : matcher.group(3);
            String value = values.get(name);
            if (value == null) {
                throw new IllegalArgumentException("unknown Grafana variable $" + name + " in "
                        + expr);
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        return matcher.appendTail(out).toString();
    }

    static List<MonitoringExpression> alerts(Path monitoring) throws IOException {
        JsonNode rules = new YAMLMapper().readTree(monitoring.resolve(ALERTS).toFile());
        List<MonitoringExpression> found = new ArrayList<>();
        for (JsonNode group : rules.path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                String expr = rule.path("expr").asText("").strip();
                String name = rule.has("alert") ? "alert " + rule.path("alert").asText()
                        : "recording rule " + rule.path("record").asText();
                found.add(new MonitoringExpression(ALERTS, name + " (group "
                        + group.path("name").asText() + ")", expr, asBoolean(expr)));
            }
        }
        return found;
    }

    /** Comparisons outside label matchers and strings become {@code bool} ones. */
    static String asBoolean(String expr) {
        String present = expr.replace("absent_over_time(", "present_over_time(")
                .replace("absent(", "(");
        StringBuilder out = new StringBuilder();
        int braces = 0;
        int start = 0;
        for (int i = 0; i <= present.length(); i++) {
            char c = i < present.length() ? present.charAt(i) : '{';
            if (c == '{' || c == '}' || c == '"') {
                String segment = present.substring(start, i);
                out.append(braces == 0 ? COMPARISON.matcher(segment).replaceAll("$1 bool")
                        : segment);
                if (i < present.length()) {
                    out.append(c);
                }
                braces += c == '{' ? 1 : c == '}' ? -1 : 0;
                if (c == '"') {
                    int close = present.indexOf('"', i + 1);
                    out.append(present, i + 1, close + 1);
                    i = close;
                }
                start = i + 1;
            }
        }
        return out.toString();
    }

    /** Reads a monitoring file's expressions, or fails naming the file. */
    static Path requireFile(Path monitoring, String file) {
        Path path = monitoring.resolve(file);
        if (!Files.isRegularFile(path)) {
            throw new AssertionError("no " + path.toAbsolutePath() + ": the Prometheus and "
                    + "Grafana files belong in the repository's monitoring/ directory "
                    + "(or point -Dtributary.monitoring.dir at another)");
        }
        return path;
    }
}
