package dev.tributary.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The machine's nominal float32 peak, the denominator of model FLOP utilisation: cores times
 * clock times the FLOPs one core's vector units can issue a cycle (two fused multiply-add
 * units: 64 with AVX-512, 32 with AVX2 and FMA, 8 otherwise). Read from {@code /proc/cpuinfo},
 * so Linux only; the clock is the nominal one, which turbo can exceed.
 *
 * @param cores logical processors available to the JVM
 * @param gigahertz the clock cpuinfo reports
 * @param flopsPerCycle float32 FLOPs a core issues a cycle
 */
public record MachinePeak(int cores, double gigahertz, int flopsPerCycle) {

    /** FLOPs a second at the nominal peak. */
    public double flopsPerSecond() {
        return cores * gigahertz * 1e9 * flopsPerCycle;
    }

    /** This machine's peak, or empty when cpuinfo cannot be read. */
    public static Optional<MachinePeak> read() {
        try {
            return Optional.of(parse(Files.readAllLines(Path.of("/proc/cpuinfo")),
                    Runtime.getRuntime().availableProcessors()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    static MachinePeak parse(List<String> cpuinfo, int cores) {
        double megahertz = Double.parseDouble(value(cpuinfo, "cpu MHz"));
        List<String> flags = List.of(value(cpuinfo, "flags").split("\\s+"));
        int perCycle = flags.contains("avx512f") ? 64
                : flags.contains("avx2") && flags.contains("fma") ? 32 : 8;
        return new MachinePeak(cores, megahertz / 1000, perCycle);
    }

    private static String value(List<String> cpuinfo, String key) {
        for (String line : cpuinfo) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).strip().equals(key)) {
                return line.substring(colon + 1).strip();
            }
        }
        throw new IllegalArgumentException("no '" + key + "' in cpuinfo");
    }
}
