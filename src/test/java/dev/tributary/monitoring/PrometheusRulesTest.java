package dev.tributary.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scrape config and the alert rules, checked and unit-tested by Prometheus's promtool. */
class PrometheusRulesTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private ExternalTool promtool;

    @BeforeEach
    void findPromtool() {
        promtool = ExternalTool.require("promtool", "prometheus");
    }

    @Test
    void scrapeConfigPassesPromtoolCheck() {
        ExternalTool.Run run = promtool.run(MonitoringFiles.PROMETHEUS, TIMEOUT,
                "check", "config", "prometheus.yml");

        assertThat(run.succeeded()).as(run.report()).isTrue();
        assertThat(run.output()).contains("SUCCESS: 1 rule files found");
    }

    @Test
    void alertRulesPassPromtoolCheck() {
        ExternalTool.Run run = promtool.run(MonitoringFiles.PROMETHEUS, TIMEOUT,
                "check", "rules", "alerts.yml");

        assertThat(run.succeeded()).as(run.report()).isTrue();
    }

    @Test
    void alertUnitTestsPass() {
        ExternalTool.Run run = promtool.run(MonitoringFiles.PROMETHEUS, TIMEOUT,
                "test", "rules", "alerts_test.yml");

        assertThat(run.succeeded()).as(run.report()).isTrue();
    }

    @Test
    void unitTestsFailWhenAnAlertSaysSomethingElse(@TempDir Path dir) throws IOException {
        Files.copy(MonitoringFiles.PROMETHEUS.resolve("alerts.yml"), dir.resolve("alerts.yml"));
        String tests = Files.readString(MonitoringFiles.PROMETHEUS.resolve("alerts_test.yml"));
        String wrong = tests.replace("summary: \"Trainer of lm has taken no step in 15 minutes\"",
                "summary: \"Trainer of lm has taken no step in 16 minutes\"");
        assertThat(wrong).isNotEqualTo(tests);
        Files.writeString(dir.resolve("alerts_test.yml"), wrong);

        ExternalTool.Run run = promtool.run(dir, TIMEOUT, "test", "rules", "alerts_test.yml");

        assertThat(run.succeeded()).as(run.report()).isFalse();
        assertThat(run.output()).contains("alertname: TrainerStalled").contains("16 minutes");
    }

    @Test
    void everyAlertWaitsCarriesASeverityAndPointsAtItsOperatorGuideEntry() throws IOException {
        String readme = Files.readString(MonitoringFiles.README);

        for (JsonNode rule : alertRules()) {
            String alert = rule.path("alert").asText();
            assertThat(rule.path("for").asText()).as(alert + " for:").matches("\\d+[smh]");
            assertThat(rule.path("labels").path("severity").asText()).as(alert + " severity")
                    .isIn("critical", "warning");
            JsonNode annotations = rule.path("annotations");
            assertThat(annotations.path("summary").asText()).as(alert + " summary").isNotBlank();
            assertThat(annotations.path("description").asText()).as(alert + " description")
                    .isNotBlank();
            assertThat(annotations.path("runbook").asText()).as(alert + " runbook")
                    .isEqualTo("README.md#" + alert.toLowerCase(Locale.ROOT));
            assertThat(readme).as("README.md operator guide entry")
                    .contains("\n### " + alert + "\n");
        }
    }

    @Test
    void everyAlertHasAUnitTestWhereItFiresAndOneWhereItStaysQuiet() throws IOException {
        Set<String> alerts = new TreeSet<>();
        alertRules().forEach(rule -> alerts.add(rule.path("alert").asText()));
        Set<String> firing = new TreeSet<>();
        Set<String> quiet = new TreeSet<>();
        JsonNode tests = new YAMLMapper().readTree(
                MonitoringFiles.PROMETHEUS.resolve("alerts_test.yml").toFile());
        for (JsonNode test : tests.path("tests")) {
            for (JsonNode check : test.path("alert_rule_test")) {
                boolean fires = check.path("exp_alerts").size() > 0;
                (fires ? firing : quiet).add(check.path("alertname").asText());
            }
        }

        assertThat(firing).as("alerts with a firing case").containsAll(alerts);
        assertThat(quiet).as("alerts with a quiet case").containsAll(alerts);
    }

    private static Iterable<JsonNode> alertRules() throws IOException {
        JsonNode file = new YAMLMapper().readTree(
                MonitoringFiles.PROMETHEUS.resolve("alerts.yml").toFile());
        List<JsonNode> rules = new ArrayList<>();
        for (JsonNode group : file.path("groups")) {
            group.path("rules").forEach(rules::add);
        }
        assertThat(rules).isNotEmpty();
        return rules;
    }
}
