package dev.tributary.eval;

import java.util.Locale;

/** The human-readable table of an {@link EvalReport}, as the CLI prints it. */
public final class EvalTable {

    private EvalTable() {
    }

    /** The report as aligned lines, one figure a line. */
    public static String format(EvalReport report) {
        StringBuilder out = new StringBuilder();
        if (report.images() != null) {
            images(out, report.imageCheckpoint(), report.images());
        }
        if (report.text() != null) {
            text(out, report.textCheckpoint(), report.text());
        }
        if (report.inContext() != null) {
            inContext(out, report.inContext());
        }
        return out.toString();
    }

    private static void images(StringBuilder out, EvaluatedCheckpoint checkpoint,
            ImageFigures figures) {
        line(out, "Images: %s v%d (step %,d), Fashion-MNIST, fit on %,d train, scored on %,d "
                + "test%n", checkpoint.model(), checkpoint.version(), checkpoint.step(),
                figures.trainImages(), figures.testImages());
        row(out, "linear probe, checkpoint", figures.probeCheckpoint(), "accuracy");
        row(out, "linear probe, raw pixels", figures.probeRawPixels(), "accuracy");
        row(out, "linear probe, random encoder", figures.probeRandomEncoder(), "accuracy");
        row(out, "k-NN (k=" + figures.k() + ", cosine), checkpoint", figures.knnCheckpoint(),
                "accuracy");
        out.append('\n');
    }

    private static void text(StringBuilder out, EvaluatedCheckpoint checkpoint,
            TextFigures figures) {
        line(out, "Text: %s v%d (step %,d), %,d held-out fortunes, %,d bytes, %,d tokens%n",
                checkpoint.model(), checkpoint.version(), checkpoint.step(),
                figures.documents(), figures.bytes(), figures.tokens());
        line(out, "  (held out by document, fixed seed; a model trained on the demo may "
                + "have seen them)%n");
        line(out, "  %-36s %10s %14s%n", "", "bits/byte", "given train");
        line(out, "  %-36s %10.3f %14s%n", "language model", figures.bitsPerByte(), "-");
        for (CompressorFigures compressor : figures.compressors()) {
            line(out, "  %-36s %10.3f %14.3f%n", compressor.command(), compressor.bitsPerByte(),
                    compressor.conditionedBitsPerByte());
        }
        out.append('\n');
    }

    private static void inContext(StringBuilder out, InContextFigures figures) {
        line(out, "In-context: %d random sequences of %d tokens, each repeated once%n",
                figures.sequences(), figures.length());
        row(out, "loss on the first copy", figures.firstCopyLoss(), "nats/token");
        row(out, "loss on the second copy", figures.secondCopyLoss(), "nats/token");
        line(out, "Few-shot fortune categories (%s), %d queries, chance %.3f%n",
                String.join(", ", figures.categories()), figures.queries(), figures.chance());
        for (InContextFigures.FewShot shot : figures.fewShot()) {
            row(out, shot.shots() + "-shot", shot.accuracy(), "accuracy");
        }
    }

    private static void row(StringBuilder out, String name, double value, String unit) {
        line(out, "  %-36s %10.3f %s%n", name, value, unit);
    }

    private static void line(StringBuilder out, String format, Object... values) {
        out.append(String.format(Locale.ROOT, format, values));
    }
}
