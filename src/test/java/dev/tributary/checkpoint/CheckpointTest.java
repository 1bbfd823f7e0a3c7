package dev.tributary.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.model.NamedTensor;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CheckpointTest {

    @Test
    void theBuilderDerivesSizeHashAndChunkCountFromTheWeights() throws Exception {
        List<NamedTensor> tensors = TestCheckpoints.tensorsOfBytes(3, 5L * 1024 * 1024 / 2);

        Checkpoint checkpoint = TestCheckpoints.textBuilder("lm", 1).build(tensors);

        byte[] weights = checkpoint.weights();
        String sha = HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-256").digest(weights));
        assertThat(checkpoint.manifest().weightBytes()).isEqualTo(weights.length);
        assertThat(checkpoint.manifest().weightsSha256()).isEqualTo(sha);
        assertThat(checkpoint.manifest().chunkCount()).isEqualTo(3);
        assertThat(checkpoint.tensors()).containsExactlyElementsOf(tensors);
    }

    @Test
    void aSmallerChunkSizeGivesMoreChunks() {
        Checkpoint checkpoint = TestCheckpoints.textBuilder("lm", 1).chunkBytes(1_000)
                .build(TestCheckpoints.smallTensors(1));

        assertThat(checkpoint.manifest().chunkCount())
                .isEqualTo((checkpoint.weights().length + 999) / 1_000);
    }

    @Test
    void aBuiltCheckpointVerifies() throws InvalidCheckpointException {
        Checkpoint checkpoint = TestCheckpoints.small("lm", 4);

        assertThat(checkpoint.verify()).isSameAs(checkpoint);
    }

    @Test
    void aFlippedByteFailsTheHash() {
        Checkpoint good = TestCheckpoints.small("lm", 4);
        byte[] weights = good.weights().clone();
        weights[weights.length - 3] ^= 0x10;

        assertReason(new Checkpoint(good.manifest(), weights), RejectionReason.HASH_MISMATCH);
    }

    @Test
    void truncatedWeightsFailTheSize() {
        Checkpoint good = TestCheckpoints.small("lm", 4);
        byte[] weights = Arrays.copyOf(good.weights(), good.weights().length - 4);

        assertReason(new Checkpoint(good.manifest(), weights), RejectionReason.SIZE_MISMATCH);
    }

    @Test
    void weightsThatHashRightButAreNotSafetensorsAreMalformed() {
        Checkpoint good = TestCheckpoints.small("lm", 4);
        byte[] garbage = new byte[64];
        Arrays.fill(garbage, (byte) 0x7f);
        CheckpointManifest manifest = TestManifests.describing(good.manifest(), garbage);

        assertReason(new Checkpoint(manifest, garbage), RejectionReason.MALFORMED_WEIGHTS);
    }

    @Test
    void theBuilderRefusesWeightsThatAreNotSafetensors() {
        assertThatThrownBy(() -> TestCheckpoints.textBuilder("lm", 1).build(new byte[16]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Malformed safetensors");
    }

    @Test
    void theBuilderStoresFormatMetadataForPythonLoaders() {
        Checkpoint checkpoint = TestCheckpoints.small("lm", 2);

        assertThat(Safetensors.read(checkpoint.weights()).metadata())
                .isEqualTo(Map.of("format", "pt"));
    }

    private static void assertReason(Checkpoint checkpoint, RejectionReason reason) {
        assertThatThrownBy(checkpoint::verify)
                .isInstanceOfSatisfying(InvalidCheckpointException.class,
                        e -> assertThat(e.reason()).isEqualTo(reason));
    }
}
