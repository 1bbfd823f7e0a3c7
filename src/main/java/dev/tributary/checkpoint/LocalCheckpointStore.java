package dev.tributary.checkpoint;

import dev.tributary.model.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trainer's local copy of its checkpoints: a directory per model holding, for each kept
 * version, {@code <version>.safetensors} and {@code <version>.json}.
 *
 * <p>Both files are written crash-safely ({@link AtomicFiles}), weights first and manifest
 * last, so a manifest only ever exists beside complete weights; a version is known by its
 * manifest. A crash between the two writes leaves weights without a manifest, which are
 * ignored and deleted once they are older than every kept version; temporary files a crash
 * leaves behind are ignored too. Corruption after writing (a truncated or edited file) is
 * found by {@link #latestValid}, which checks size and hash and falls back to older versions.
 */
public final class LocalCheckpointStore {

    /** Versions kept per model unless configured otherwise. */
    public static final int DEFAULT_KEEP = 3;

    private static final Logger LOG = LoggerFactory.getLogger(LocalCheckpointStore.class);
    private static final Pattern VERSION_FILE = Pattern.compile("(\\d{1,18})\\.(json|safetensors)");
    private static final String WEIGHTS = ".safetensors";
    private static final String MANIFEST = ".json";

    private final Path root;
    private final int keep;

    /** A store under {@code root} keeping the last {@value #DEFAULT_KEEP} versions per model. */
    public LocalCheckpointStore(Path root) {
        this(root, DEFAULT_KEEP);
    }

    /**
     * A store under {@code root} keeping the last {@code keep} versions per model.
     *
     * @param keep versions kept per model, at least 1; older ones are deleted on each save
     */
    public LocalCheckpointStore(Path root, int keep) {
        if (keep < 1) {
            throw new IllegalArgumentException("keep must be at least 1, got " + keep);
        }
        this.root = root;
        this.keep = keep;
    }

    /**
     * Writes the checkpoint, then deletes the model's versions beyond the newest {@code keep}.
     *
     * @return the manifest's path
     */
    public Path save(Checkpoint checkpoint) throws IOException {
        Path directory = directory(checkpoint.model());
        long version = checkpoint.version();
        AtomicFiles.write(directory.resolve(version + WEIGHTS), checkpoint.weights());
        Path manifest = directory.resolve(version + MANIFEST);
        AtomicFiles.write(manifest, checkpoint.manifest().toJson());
        prune(directory);
        LOG.debug("Saved checkpoint {} v{} to {}", checkpoint.model(), version, manifest);
        return manifest;
    }

    /** The versions of the model that have a manifest, oldest first. */
    public List<Long> versions(String model) {
        try {
            return new ArrayList<>(manifestVersions(directory(model)));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not list checkpoints of " + model, e);
        }
    }

    /**
     * The newest version whose files are intact: the manifest parses and names this model and
     * version, and the weights have its size and SHA-256 and are valid safetensors. Each
     * version passed over is logged at WARN with the reason.
     */
    public Optional<Checkpoint> latestValid(String model) {
        List<Long> versions = versions(model);
        Collections.reverse(versions);
        for (long version : versions) {
            try {
                return Optional.of(load(model, version).verify());
            } catch (InvalidCheckpointException e) {
                LOG.warn("Local checkpoint {} v{} in {} skipped, {}", model, version,
                        directory(model), e.getMessage());
            }
        }
        return Optional.empty();
    }

    private Checkpoint load(String model, long version) throws InvalidCheckpointException {
        Path directory = directory(model);
        CheckpointManifest manifest;
        try {
            manifest = CheckpointManifest.fromJson(
                    Files.readAllBytes(directory.resolve(version + MANIFEST)));
        } catch (IllegalArgumentException e) {
            throw new InvalidCheckpointException(RejectionReason.MALFORMED_MANIFEST,
                    e.getMessage());
        } catch (IOException e) {
            throw new InvalidCheckpointException(RejectionReason.UNREADABLE, e.toString());
        }
        if (!manifest.model().equals(model) || manifest.version() != version) {
            throw new InvalidCheckpointException(RejectionReason.MALFORMED_MANIFEST,
                    "the file names " + model + " v" + version + " but the manifest names "
                    + manifest.model() + " v" + manifest.version());
        }
        try {
            return new Checkpoint(manifest,
                    Files.readAllBytes(directory.resolve(version + WEIGHTS)));
        } catch (IOException e) {
            throw new InvalidCheckpointException(RejectionReason.UNREADABLE, e.toString());
        }
    }

    /**
     * Deletes every file of versions older than the newest {@code keep} manifests, manifests
     * before weights so that a manifest never stands beside missing weights.
     */
    private void prune(Path directory) throws IOException {
        List<Long> versions = new ArrayList<>(manifestVersions(directory));
        if (versions.size() <= keep) {
            return;
        }
        long oldestKept = versions.get(versions.size() - keep);
        List<Path> manifests = new ArrayList<>();
        List<Path> weights = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            files.forEach(file -> {
                Matcher name = VERSION_FILE.matcher(file.getFileName().toString());
                if (name.matches() && Long.parseLong(name.group(1)) < oldestKept) {
                    (name.group(2).equals("json") ? manifests : weights).add(file);
                }
            });
        }
        for (Path file : manifests) {
            Files.deleteIfExists(file);
        }
        for (Path file : weights) {
            Files.deleteIfExists(file);
        }
    }

    private static TreeSet<Long> manifestVersions(Path directory) throws IOException {
        TreeSet<Long> versions = new TreeSet<>();
        try (Stream<Path> files = Files.list(directory)) {
            files.forEach(file -> {
                Matcher name = VERSION_FILE.matcher(file.getFileName().toString());
                if (name.matches() && name.group(2).equals("json")) {
                    versions.add(Long.parseLong(name.group(1)));
                }
            });
        } catch (NoSuchFileException e) {
            return versions;
        }
        return versions;
    }

    private Path directory(String model) {
        return root.resolve(ModelNames.require(model));
    }
}
