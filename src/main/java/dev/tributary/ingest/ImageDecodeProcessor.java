package dev.tributary.ingest;

import dev.tributary.data.ImageDecoder;
import dev.tributary.data.ImageSpec;
import dev.tributary.data.InvalidRecordException;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/** Decodes raw image records into model-sized pixels, or refuses them with a reason. */
final class ImageDecodeProcessor implements Processor<byte[], byte[], Object, Object> {

    private final ImageSpec spec;
    private final String batcherName;
    private final Rejections rejections;
    private final IngestMetrics metrics;
    private ProcessorContext<Object, Object> context;
    private ImageDecoder decoder;

    ImageDecodeProcessor(ImageSpec spec, String batcherName, Rejections rejections,
            IngestMetrics metrics) {
        this.spec = spec;
        this.batcherName = batcherName;
        this.rejections = rejections;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<Object, Object> context) {
        this.context = context;
        // A decoder keeps its image readers between calls and is not thread-safe: one a task.
        this.decoder = new ImageDecoder(spec);
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        metrics.recordReceived();
        try {
            Rejections.requireKey(record);
            byte[] pixels = decoder.decode(record.value()); // (C, H, W) uint8
            context.forward(record.withKey(null).withValue(new Sample(pixels, 1)), batcherName);
        } catch (InvalidRecordException e) {
            rejections.reject(context, record, e);
        }
    }

    @Override
    public void close() {
        if (decoder != null) {
            decoder.close();
        }
    }
}
