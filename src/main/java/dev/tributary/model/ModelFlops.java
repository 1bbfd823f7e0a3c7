package dev.tributary.model;

/**
 * Counts the floating-point work of a training step, for throughput logs and model FLOP
 * utilisation. Only convolutions, linear layers and the similarity matrix are counted (2 FLOPs
 * a multiply-add); normalisation, activations and the optimiser are a few percent on top.
 * Backward costs about twice the forward pass, so a step is three forwards.
 */
public final class ModelFlops {

    private ModelFlops() {
    }

    /** FLOPs of one SimCLR step on {@code batch} images, i.e. 2 x batch views. */
    public static long simClrStep(SimClrConfig config, int batch) {
        long views = 2L * batch;
        long macs = views * forwardMultiplyAdds(config)
                + views * views * config.projectionSize();
        return 3 * 2 * macs;
    }

    /** Multiply-adds of the encoder and projection head for one image. */
    public static long forwardMultiplyAdds(SimClrConfig config) {
        int h = config.height();
        int w = config.width();
        long macs = conv(config.channels(), config.stemWidth(), 3, h, w);
        int in = config.stemWidth();
        for (int width : config.stageWidths()) {
            for (int b = 0; b < config.blocksPerStage(); b++) {
                int stride = b == 0 ? 2 : 1;
                // Output size of a padded 3x3 (or 1x1) convolution at this stride.
                h = (h - 1) / stride + 1;
                w = (w - 1) / stride + 1;
                macs += conv(in, width, 3, h, w) + conv(width, width, 3, h, w);
                if (stride != 1 || in != width) {
                    macs += conv(in, width, 1, h, w);
                }
                in = width;
            }
        }
        return macs + (long) in * config.projectionHidden()
                + (long) config.projectionHidden() * config.projectionSize();
    }

    private static long conv(int in, int out, int kernel, int height, int width) {
        return (long) in * out * kernel * kernel * height * width;
    }
}
