package dev.tributary.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard's queries: valid PromQL by Prometheus's own parser, every rate over
 * {@code $__rate_interval}, every panel on the data source variable. Whether the metrics
 * exist is checked against a live scrape by the integration test of the metrics endpoint.
 */
class DashboardQueriesTest {

    /** A range selector inside rate(), increase() and the like. */
    private static final Pattern RANGE = Pattern.compile(
            "\\b(rate|irate|increase|deriv|delta)\\([^\\[]*\\[([^\\]]+)]");

    private static JsonNode dashboard;
    private static List<Query> queries;

    /** One target of one panel. */
    record Query(String panel, String expr) {
    }

    @BeforeAll
    static void readDashboard() throws IOException {
        dashboard = new ObjectMapper().readTree(MonitoringFiles.DASHBOARD.toFile());
        queries = new ArrayList<>();
        collect(dashboard.path("panels"), queries);
    }

    private static void collect(JsonNode panels, List<Query> into) {
        for (JsonNode panel : panels) {
            for (JsonNode target : panel.path("targets")) {
                into.add(new Query(panel.path("title").asText(), target.path("expr").asText()));
            }
            collect(panel.path("panels"), into); // a collapsed row holds its panels
        }
    }

    @Test
    void everyQueryParsesAsPromQl(@TempDir Path dir) throws IOException {
        ExternalTool promtool = ExternalTool.require("promtool", "prometheus");
        StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
        for (int i = 0; i < queries.size(); i++) {
            // Grafana's variables filled in as Grafana would, to give the parser plain PromQL.
            String expr = queries.get(i).expr().replace("$__rate_interval", "1m")
                    .replace("$model", ".*");
            rules.append("      - record: dashboard_query_").append(i).append('\n')
                    .append("        expr: '").append(expr.replace("'", "''")).append("'\n");
        }
        Files.writeString(dir.resolve("queries.yml"), rules);

        ExternalTool.Run run = promtool.run(dir, Duration.ofSeconds(60),
                "check", "rules", "queries.yml");

        assertThat(run.succeeded()).as(run.report()).isTrue();
        assertThat(run.output()).contains("SUCCESS: " + queries.size() + " rules found");
    }

    @Test
    void everyRateIsOverTheRateInterval() {
        assertThat(queries).hasSizeGreaterThan(30);
        for (Query query : queries) {
            Matcher range = RANGE.matcher(query.expr());
            while (range.find()) {
                assertThat(range.group(2)).as(query.panel() + ": " + query.expr())
                        .isEqualTo("$__rate_interval");
            }
        }
    }

    @Test
    void everyPanelAndQueryUsesTheDataSourceVariable() {
        List<JsonNode> panels = new ArrayList<>();
        dashboard.path("panels").forEach(panel -> {
            panels.add(panel);
            panel.path("panels").forEach(panels::add);
        });
        for (JsonNode panel : panels) {
            if (!panel.path("type").asText().equals("row")) {
                assertThat(panel.path("datasource").path("uid").asText())
                        .as(panel.path("title").asText()).isEqualTo("${datasource}");
                panel.path("targets").forEach(target -> assertThat(
                        target.path("datasource").path("uid").asText()).isEqualTo("${datasource}"));
            }
        }
    }

    @Test
    void modelVariableListsTheModelsThatTrain() {
        JsonNode model = null;
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            if (variable.path("name").asText().equals("model")) {
                model = variable;
            }
        }

        assertThat(model).as("a variable named model").isNotNull();
        assertThat(model.path("query").path("query").asText())
                .isEqualTo("label_values(tributary_train_steps_total, model)");
        assertThat(model.path("includeAll").asBoolean()).isTrue();
        assertThat(queries).filteredOn(q -> q.expr().contains("tributary_train_"))
                .allSatisfy(q -> assertThat(q.expr()).contains("model=~\"$model\""));
    }
}
