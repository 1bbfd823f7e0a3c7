package dev.tributary.adapt;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.data.ImageDecoder;
import dev.tributary.data.InvalidRecordException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fine-tuning over HTTP:
 *
 * <ul>
 *   <li>{@code POST /v1/finetune}: settings ({@link FineTuneRequest}) and one data source
 *       ({@link LabeledSources}); the data are read, decoded and checked before the answer, a
 *       202 with the job's status and its URL in {@code Location};
 *   <li>{@code GET /v1/finetune}: every job held; {@code GET /v1/finetune/{id}}: one;
 *   <li>{@code DELETE /v1/finetune/{id}}: cancels it (a finished job is left as it is);
 *   <li>{@code POST /v1/finetune/{id}/predict} with {@code {"images": ["<base64>", ...]}}:
 *       labels and probabilities, 409 until the job has succeeded.
 * </ul>
 *
 * <p>A job copies the encoder of the image model in service when it is accepted, so its
 * version is fixed then, and a newer checkpoint arriving while it waits or runs changes nothing.
 */
final class FineTuneRoutes {

    static final String PATH = "/v1/finetune";

    /**
     * @param label the likeliest label
     * @param probabilities each label's probability
     */
    record Prediction(String label, Map<String, Double> probabilities) {
    }

    /**
     * @param job the job's id
     * @param version the checkpoint version it was fine-tuned from
     * @param predictions one per image, in order
     */
    record Predictions(String job, long version, List<Prediction> predictions) {
    }

    private final ModelHolder<ImageModel> images;
    private final LabeledSources sources;
    private final FineTuneJobs jobs;
    private final int maxExamples;

    FineTuneRoutes(ModelHolder<ImageModel> images, LabeledSources sources, FineTuneJobs jobs,
            int maxExamples) {
        this.images = images;
        this.sources = sources;
        this.jobs = jobs;
        this.maxExamples = maxExamples;
    }

    List<Route> routes() {
        return List.of(Route.post(PATH, this::start),
                Route.get(PATH, request -> Reply.ok(Map.of("jobs",
                        jobs.list().stream().map(FineTuneJob::status).toList()))),
                Route.get(PATH + "/{id}", request -> Reply.ok(find(request).status())),
                Route.delete(PATH + "/{id}", this::cancel),
                Route.post(PATH + "/{id}/predict", this::predict));
    }

    private Reply start(ApiRequest request) {
        JsonNode body = request.object();
        FineTuneRequest settings = FineTuneRequest.parse(body);
        LabeledRecords records = sources.read(body);
        if (records.kind() != InputKind.IMAGE) {
            throw new ProblemException(ProblemType.NOT_FINE_TUNABLE, "the source holds text; "
                    + "only the image encoder (" + AdapterService.IMAGE_MODEL + ") can be "
                    + "fine-tuned, so send images");
        }
        FineTuneJob job;
        try (ModelLease<ImageModel> lease = Embeddings.lease(images)) {
            ImageModel model = lease.model();
            DecodedRecords<byte[]> decoded = DecodedRecords.images(records, model.spec());
            TrainingSet data = TrainingSet.split(decoded, model.spec(), settings.heldOut(),
                    settings.seed());
            job = new FineTuneJob(FineTuneJobs.newId(), settings, lease.version(),
                    lease.manifest().description(), model.embedder().weights(), data, jobs);
        }
        jobs.submit(job);
        return Reply.accepted(job.status(), PATH + "/" + job.id());
    }

    private Reply cancel(ApiRequest request) {
        FineTuneJob job = find(request);
        jobs.cancel(job);
        return Reply.ok(job.status());
    }

    private Reply predict(ApiRequest request) {
        FineTuneJob job = find(request);
        if (job.state() != FineTuneState.SUCCEEDED) {
            throw new ProblemException(ProblemType.JOB_NOT_READY, "fine-tuning job " + job.id()
                    + " is " + job.state().field() + "; it predicts once it has succeeded");
        }
        JsonNode body = request.object();
        if (body.hasNonNull("texts") || body.hasNonNull("text")) {
            throw JsonFields.invalid("texts", "cannot be classified by job " + job.id()
                    + ", which classifies images; send 'images'");
        }
        List<String> encoded = JsonFields.texts(body, "images", maxExamples);
        List<byte[]> decoded = new ArrayList<>();
        try (ImageDecoder decoder = new ImageDecoder(job.spec())) {
            for (int i = 0; i < encoded.size(); i++) {
                decoded.add(decode(decoder, encoded.get(i), "images[" + i + "]"));
            }
        }
        float[][] p = job.predict(decoded);
        List<Prediction> predictions = new ArrayList<>();
        for (float[] row : p) {
            Map<String, Double> probabilities = new LinkedHashMap<>();
            for (int k = 0; k < row.length; k++) {
                probabilities.put(job.labels().get(k), (double) row[k]);
            }
            predictions.add(new Prediction(job.labels().get(FineTuneTraining.argmax(row)),
                    probabilities));
        }
        return Reply.ok(new Predictions(job.id(), job.version(), predictions));
    }

    private static byte[] decode(ImageDecoder decoder, String encoded, String where) {
        try {
            return decoder.decode(Base64.getMimeDecoder().decode(encoded));
        } catch (IllegalArgumentException e) {
            throw new ProblemException(ProblemType.INVALID_IMAGE, "'" + where
                    + "' is not base64: " + e.getMessage());
        } catch (InvalidRecordException e) {
            throw new ProblemException(ProblemType.INVALID_IMAGE, "'" + where + "' was refused, "
                    + e.reason() + ": " + e.getMessage());
        }
    }

    private FineTuneJob find(ApiRequest request) {
        String id = request.parameter("id");
        return jobs.find(id).orElseThrow(() -> new ProblemException(ProblemType.NOT_FOUND,
                "no fine-tuning job " + id + "; GET " + PATH + " lists them"));
    }
}
