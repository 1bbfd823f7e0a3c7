package dev.tributary.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard against Grafana's published TypeScript types ({@code @grafana/schema}): the
 * JSON wrapped as a typed object literal, compiled by {@code tsc --noEmit --strict}. The
 * versions are pinned in monitoring/grafana/typecheck/package-lock.json; when its
 * node_modules are missing, {@code npm ci} installs them first.
 */
class DashboardTypeCheckTest {

    private static final Duration TIMEOUT = Duration.ofMinutes(3);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static ExternalTool node;

    @BeforeAll
    static void installTypeScript() {
        node = ExternalTool.require("node", "nodejs");
        if (!Files.isRegularFile(tsc())) {
            ExternalTool npm = ExternalTool.require("npm", "npm");
            ExternalTool.Run install = npm.run(MonitoringFiles.TYPECHECK, TIMEOUT,
                    "ci", "--no-audit", "--no-fund");
            assertThat(install.succeeded()).as(install.report()).isTrue();
        }
    }

    @Test
    void dashboardMatchesGrafanasPublishedTypes() {
        ExternalTool.Run run = typeCheck(MonitoringFiles.DASHBOARD, "generated");

        assertThat(run.succeeded()).as(run.report()).isTrue();
        assertThat(run.output()).doesNotContain("error TS");
    }

    @Test
    void typeCheckRejectsAnUnknownKeyInAPanel(@TempDir Path dir) throws IOException {
        Path broken = brokenCopy(dir, dashboard -> ((ObjectNode) dashboard.path("panels")
                .get(1)).put("titel", "Records in"));

        ExternalTool.Run run = typeCheck(broken, "generated/broken-key");

        assertThat(run.succeeded()).as(run.report()).isFalse();
        assertThat(run.output()).contains("error TS2353").contains("'\"titel\"' does not exist");
    }

    @Test
    void typeCheckRejectsAWrongTypeOfValue(@TempDir Path dir) throws IOException {
        Path broken = brokenCopy(dir, dashboard -> dashboard.put("schemaVersion", "41"));

        ExternalTool.Run run = typeCheck(broken, "generated/broken-type");

        assertThat(run.succeeded()).as(run.report()).isFalse();
        assertThat(run.output())
                .contains("error TS2322: Type 'string' is not assignable to type 'number'");
    }

    @Test
    void typeCheckRejectsAnOptionValueThePanelPluginDoesNotKnow(@TempDir Path dir)
            throws IOException {
        Path broken = brokenCopy(dir, dashboard -> ((ObjectNode) dashboard.path("panels")
                .get(1).path("options").path("legend")).put("displayMode", "lists"));

        ExternalTool.Run run = typeCheck(broken, "generated/broken-option");

        assertThat(run.succeeded()).as(run.report()).isFalse();
        assertThat(run.output()).contains("Type '\"lists\"' is not assignable");
    }

    private static Path brokenCopy(Path dir, Consumer<ObjectNode> breakIt) throws IOException {
        ObjectNode dashboard = (ObjectNode) JSON.readTree(MonitoringFiles.DASHBOARD.toFile());
        breakIt.accept(dashboard);
        Path copy = dir.resolve("tributary.json");
        JSON.writerWithDefaultPrettyPrinter().writeValue(copy.toFile(), dashboard);
        return copy;
    }

    /**
     * Wraps one dashboard into {@code outDir} (relative to the type-check folder, where
     * node_modules is found) and compiles it with the folder's compiler settings: the
     * folder's own project for {@code generated}, a project of its own for any other.
     */
    private static ExternalTool.Run typeCheck(Path dashboard, String outDir) {
        ExternalTool.Run wrap = node.run(MonitoringFiles.TYPECHECK, TIMEOUT,
                "wrap-dashboards.mjs", dashboard.toString(), outDir);
        assertThat(wrap.succeeded()).as(wrap.report()).isTrue();
        Path project = MonitoringFiles.TYPECHECK;
        if (!outDir.equals("generated")) {
            project = MonitoringFiles.TYPECHECK.resolve(outDir);
            writeProject(project);
        }
        return node.run(MonitoringFiles.TYPECHECK, TIMEOUT, tsc().toString(),
                "--noEmit", "--strict", "-p", project.toString());
    }

    /** A project holding only the copy, with the settings of the folder's tsconfig.json. */
    private static void writeProject(Path project) {
        try {
            Files.writeString(project.resolve("tsconfig.json"),
                    "{\"extends\": \"../../tsconfig.json\", \"include\": [\"*.ts\"]}\n");
        } catch (IOException e) {
            throw new AssertionError("cannot write " + project, e);
        }
    }

    private static Path tsc() {
        return MonitoringFiles.TYPECHECK.resolve("node_modules/typescript/bin/tsc");
    }
}
