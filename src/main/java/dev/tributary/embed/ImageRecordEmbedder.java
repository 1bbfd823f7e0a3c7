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
        float[][] vectors = new float[images.size()][];
        for (int start = 0; start < images.size(); start += EmbedConfig.MODEL_CALL_RECORDS) {
            List<byte[]> call = images.subList(start,
                    Math.min(images.size(), start + EmbedConfig.MODEL_CALL_RECORDS));
            float[][] chunk = embedCall(call); // (n, D)
            System.arraycopy(chunk, 0, vectors, start, chunk.length);
        }
        return vectors;
    }

    private float[][] embedCall(List<byte[]> images) {
        int size = decoder.spec().outputSize();
        float[] pixels = new float[images.size() * size]; // (n, C, H, W) in [0, 1]
        for (int i = 0; i < images.size(); i++) {
            byte[] image = images.get(i);
            for (int j = 0; j < size; j++) {
                pixels[i * size + j] = (image[j] & 0xFF) / 255f;
            }
        }
        return embedder.embed(pixels, images.size()); // (n, D)
    }

    @Override
    public void close() {
        decoder.close();
        embedder.close();
    }
}
