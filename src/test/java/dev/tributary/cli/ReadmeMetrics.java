package dev.tributary.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The meter names of the README's "Metrics" section, where a timer's row names its {@code
 * _count} series and gives {@code _sum}, {@code _max} and {@code _bucket} as suffixes of it.
 */
final class ReadmeMetrics {

    /** Meters registered on their first event, which a healthy test run never has. */
    static final Set<String> ONLY_AFTER_THE_FIRST_EVENT =
            Set.of("tributary_checkpoint_read_rejected_total");

    private static final Pattern NAME = Pattern.compile("`(tributary_[a-z0-9_]+)`");
    private static final String HEADING = "## Metrics";

    private final Set<String> names;

    private ReadmeMetrics(Set<String> names) {
        this.names = names;
    }

    static ReadmeMetrics read(Path readme) throws IOException {
        String text = Files.readString(readme);
        int start = text.indexOf("\n" + HEADING + "\n");
        if (start < 0) {
            throw new AssertionError(readme + " has no section " + HEADING);
        }
        int end = text.indexOf("\n## ", start + HEADING.length() + 1);
        Matcher matcher = NAME.matcher(text.substring(start, end < 0 ? text.length() : end));
        Set<String> names = new LinkedHashSet<>();
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return new ReadmeMetrics(names);
    }

    Set<String> names() {
        return names;
    }

    /** Whether the section names the series, itself or as a suffix of its timer's count. */
    boolean documents(String series) {
        if (names.contains(series)) {
            return true;
        }
        for (String suffix : new String[] {"_sum", "_max", "_bucket"}) {
            if (series.endsWith(suffix) && names.contains(
                    series.substring(0, series.length() - suffix.length()) + "_count")) {
                return true;
            }
        }
        return false;
    }
}
