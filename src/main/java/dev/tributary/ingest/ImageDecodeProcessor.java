package dev.tributary.ingest;

import dev.tributary.data.ImageDecoder;
import dev.tributary.data.InvalidRecordException;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/** Decodes raw image records into model-sized pixels, or refuses them with a reason. */
final class ImageDecodeProcessor implements Processor<byte[], byte[], Object, Object> {

    private final ImageDecoder decoder;
    private final String batcherName;
    private final Rejections rejections;
    private final IngestMetrics metrics;
    private ProcessorContext<Object, Object> context;

    ImageDecodeProcessor(ImageDecoder decoder, String batcherName, Rejections rejections,
            IngestMetrics metrics) {
        this.decoder = decoder;
        this.batcherName = batcherName;
        this.rejections = rejections;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<Object, Object> context) {
        this.context = context;
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
}
