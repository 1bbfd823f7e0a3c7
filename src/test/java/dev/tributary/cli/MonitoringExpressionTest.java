package dev.tributary.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the scrape test turns the monitoring files' expressions into instant queries. */
class MonitoringExpressionTest {

    @Test
    void alertComparisonsKeepTheirSeriesAsBoolOnes() {
        assertThat(MonitoringExpression.asBoolean("up{job=~\"ingest|train\"} == 0"))
                .isEqualTo("up{job=~\"ingest|train\"} == bool 0");
        assertThat(MonitoringExpression.asBoolean(
                "sum(rate(x{status!=\"500\"}[5m])) / sum(rate(x[5m])) > 0.05"))
                .isEqualTo("sum(rate(x{status!=\"500\"}[5m])) / sum(rate(x[5m])) > bool 0.05");
        assertThat(MonitoringExpression.asBoolean("time() - max(t > 0) >= 900"))
                .isEqualTo("time() - max(t > bool 0) >= bool 900");
        assertThat(MonitoringExpression.asBoolean("a <= bool 1 and b != 2"))
                .isEqualTo("a <= bool 1 and b != bool 2");
    }

    @Test
    void absenceIsAskedAboutWhatItLooksFor() {
        assertThat(MonitoringExpression.asBoolean("absent(up{job=\"serve\"})"))
                .isEqualTo("(up{job=\"serve\"})");
        assertThat(MonitoringExpression.asBoolean("absent_over_time(x[5m])"))
                .isEqualTo("present_over_time(x[5m])");
    }

    @Test
    void dashboardVariablesTakeTheirAllValueAndIntervalsFitTheScrape(@TempDir Path monitoring)
            throws IOException {
        Path dashboard = monitoring.resolve(MonitoringExpression.DASHBOARD);
        Files.createDirectories(dashboard.getParent());
        Files.writeString(dashboard, """
                {"templating": {"list": [{"name": "model", "allValue": ".*"}]},
                 "panels": [{"title": "Rows", "panels": [{"title": "Loss", "targets": [
                   {"expr": "rate(l{model=~\\"$model\\"}[$__rate_interval])"},
                   {"expr": "m{model=~\\"${model}\\"}"}]}]}]}
                """);

        assertThat(MonitoringExpression.dashboard(monitoring))
                .extracting(MonitoringExpression::where, MonitoringExpression::query)
                .containsExactly(tuple("panel \"Loss\"", "rate(l{model=~\".*\"}[1m])"),
                        tuple("panel \"Loss\"", "m{model=~\".*\"}"));
    }
}
