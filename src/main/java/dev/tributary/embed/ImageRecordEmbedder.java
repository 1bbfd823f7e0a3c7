package dev.tributary.embed;

import dev.tributary.checkpoint.Checkpoint;
import dev.tributary.data.ImageDecoder;
import dev.tributary.data.ImageSpec;
import dev.tributary.model.ImageEmbedder;
import dev.tributary.model.SimClrConfig;
import java.util.List;

/** Images through a SimCLR checkpoint: decoded to the encoder's input size, then embedded. */
final class ImageRecordEmbedder implements RecordEmbedder<byte[]> {

    private final String model;
    private final long version;
    private final ImageEmbedder embedder;
    private final ImageDecoder decoder;

    /**
     * @throws IllegalArgumentException when the checkpoint is not a usable SimCLR model
     */
    ImageRecordEmbedder(Checkpoint checkpoint) {
        this.model = checkpoint.manifest().model();
        this.version = checkpoint.version();
        this.embedder = new ImageEmbedder(checkpoint.manifest().description(),
                checkpoint.tensors());
        try {
            SimClrConfig config = embedder.config();
            this.decoder = new ImageDecoder(ImageSpec.of(config.channels(), config.height(),
                    config.width()));
        } catch (IllegalArgumentException e) {
            embedder.close();
            throw e;
        }
    }

    @Override
    public String model() {
        return model;
    }

    @Override
    public long version() {
        return version;
    }

    @Override
    public byte[] prepare(byte[] value) {
        return decoder.decode(value); // (C, H, W) uint8
    }

    @Override
    public float[][] embed(List<byte[]> images) {
        return embedder.embedEach(images); // (N, D)
    }

    @Override
    public void close() {
        decoder.close();
        embedder.close();
    }
}
