package dev.tributary.checkpoint;

/** Manifests that tell the truth about weights a checkpoint builder would refuse. */
final class TestManifests {

    private TestManifests() {
    }

    /** The manifest's fields with the size, hash and one chunk of other weights. */
    static CheckpointManifest describing(CheckpointManifest m, byte[] weights) {
        return new CheckpointManifest(m.formatVersion(), m.model(), m.version(), m.step(),
                m.samplesSeen(), m.tokensSeen(), m.createdAt(), m.description(), m.metrics(),
                m.inputOffsets(), m.tokenizerJson(), weights.length, Checkpoint.sha256(weights),
                1);
    }
}
