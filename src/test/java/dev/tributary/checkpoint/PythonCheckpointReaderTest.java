package dev.tributary.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.model.NamedTensor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A checkpoint written by the local store, read by the machine's Python with nothing but the
 * standard library and numpy, as a user without Tributary would read it.
 */
class PythonCheckpointReaderTest {

    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path root;

    @BeforeAll
    static void requirePythonWithNumpy() throws Exception {
        assumeThat(Files.isExecutable(PYTHON)).as("%s is installed", PYTHON).isTrue();
        Process probe = new ProcessBuilder(PYTHON.toString(), "-c", "import numpy")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        assumeThat(probe.waitFor(30, TimeUnit.SECONDS) && probe.exitValue() == 0)
                .as("numpy is importable by %s (Debian package python3-numpy)", PYTHON).isTrue();
    }

    @Test
    void pythonReadsTheSameTensorsAndManifestWithOnlyJsonStructAndNumpy() throws Exception {
        Checkpoint checkpoint = TestCheckpoints.small("lm", 7);
        new LocalCheckpointStore(root).save(checkpoint);

        JsonNode read = runReader(root.resolve("lm"), 7);

        assertThat(read.get("size_ok").booleanValue()).isTrue();
        assertThat(read.get("sha256_ok").booleanValue()).isTrue();
        assertThat(read.get("model").textValue()).isEqualTo("lm");
        assertThat(read.get("version").longValue()).isEqualTo(7);
        assertThat(read.get("step").longValue()).isEqualTo(checkpoint.manifest().step());
        assertThat(read.get("input_offsets").get("tributary.text.raw").get("2").longValue())
                .isEqualTo(49_000);
        assertThat(read.get("metadata").get("format").textValue()).isEqualTo("pt");
        assertThat(tensors(read.get("tensors"))).containsExactlyElementsOf(checkpoint.tensors());
    }

    @Test
    void pythonSeesTheHashMismatchOfAnEditedFile() throws Exception {
        new LocalCheckpointStore(root).save(TestCheckpoints.small("lm", 1));
        Path weights = root.resolve("lm").resolve("1.safetensors");
        byte[] bytes = Files.readAllBytes(weights);
        bytes[bytes.length - 1] ^= 0x01;
        Files.write(weights, bytes);

        JsonNode read = runReader(root.resolve("lm"), 1);

        assertThat(read.get("size_ok").booleanValue()).isTrue();
        assertThat(read.get("sha256_ok").booleanValue()).isFalse();
    }

    private JsonNode runReader(Path directory, long version) throws Exception {
        Path script = root.resolve("read_checkpoint.py");
        try (InputStream source = getClass().getResourceAsStream("/read_checkpoint.py")) {
            Files.copy(source, script);
        }
        // Both streams go to files, so a stuck script cannot outlast the wait below.
        Path stdout = root.resolve("stdout.json");
        Path stderr = root.resolve("stderr.txt");
        Process python = new ProcessBuilder(PYTHON.toString(), script.toString(),
                directory.toString(), Long.toString(version))
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        if (!python.waitFor(30, TimeUnit.SECONDS)) {
            python.destroyForcibly();
            throw new AssertionError("python did not finish within 30 s");
        }
        assertThat(python.exitValue()).as(Files.readString(stderr)).isZero();
        return MAPPER.readTree(Files.readString(stdout, StandardCharsets.UTF_8));
    }

    private static List<NamedTensor> tensors(JsonNode nodes) throws IOException {
        List<NamedTensor> tensors = new ArrayList<>();
        for (JsonNode node : nodes) {
            long[] shape = MAPPER.treeToValue(node.get("shape"), long[].class);
            float[] values = new float[node.get("values").size()];
            for (int i = 0; i < values.length; i++) {
                // Python prints each float32 as the double it equals, so this is exact.
                values[i] = (float) node.get("values").get(i).doubleValue();
            }
            tensors.add(new NamedTensor(node.get("name").textValue(), shape, values));
        }
        return tensors;
    }
}
