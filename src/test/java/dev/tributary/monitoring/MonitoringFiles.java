package dev.tributary.monitoring;

import java.nio.file.Path;

/** Where the monitoring and deployment files live, relative to the repository root. */
final class MonitoringFiles {

    /** Maven runs the tests in the module directory, which is the repository root. */
    static final Path ROOT = Path.of("").toAbsolutePath();
    static final Path PROMETHEUS = ROOT.resolve("monitoring/prometheus");
    static final Path DASHBOARDS = ROOT.resolve("monitoring/grafana/dashboards");
    static final Path DASHBOARD = DASHBOARDS.resolve("tributary.json");
    static final Path TYPECHECK = ROOT.resolve("monitoring/grafana/typecheck");
    static final Path COMPOSE = ROOT.resolve("docker-compose.yml");
    static final Path README = ROOT.resolve("README.md");

    private MonitoringFiles() {
    }
}
