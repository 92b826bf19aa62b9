package sh.velocity.bench;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Facts about the machine and the checkout that a benchmark report needs. */
final class Machine {

    /** Set by the bench profile to the module's directory. */
    static final String MODULE_DIR_PROPERTY = "velocity.bench.module.dir";

    private Machine() {
    }

    /** The 1, 5 and 15 minute load averages from /proc/loadavg, or "n/a". */
    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg"), StandardCharsets.US_ASCII).trim().split("\\s+");
            return parts.length >= 3 ? parts[0] + " " + parts[1] + " " + parts[2] : "n/a";
        } catch (IOException | RuntimeException e) {
            return "n/a";
        }
    }

    /**
     * Machine-wide CPU use between two points, from /proc/stat, next to this JVM's own: the load
     * average lags by a minute, this says what the cores actually did while a benchmark ran.
     */
    record CpuSample(long total, long idle, long processNanos, long wallNanos) {

        static CpuSample now() {
            long total = -1;
            long idle = -1;
            try {
                String first = Files.readAllLines(Path.of("/proc/stat"), StandardCharsets.US_ASCII).get(0);
                String[] f = first.trim().split("\\s+"); // cpu user nice system idle iowait irq softirq steal …
                total = 0;
                for (int i = 1; i < f.length && i <= 8; i++) {
                    total += Long.parseLong(f[i]);
                }
                idle = Long.parseLong(f[4]) + (f.length > 5 ? Long.parseLong(f[5]) : 0);
            } catch (IOException | RuntimeException e) {
                // not Linux: reported as n/a
            }
            long process = -1;
            if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                    instanceof com.sun.management.OperatingSystemMXBean os) {
                process = os.getProcessCpuTime();
            }
            return new CpuSample(total, idle, process, System.nanoTime());
        }

        /** "machine busy 93% of 2 cores, this JVM 48%" since {@code start}. */
        String since(CpuSample start) {
            int cores = Runtime.getRuntime().availableProcessors();
            String machine = "n/a";
            if (total >= 0 && start.total >= 0 && total > start.total) {
                double busy = 1.0 - (double) (idle - start.idle) / (total - start.total);
                machine = Math.round(busy * 100) + "%";
            }
            String self = "n/a";
            if (processNanos >= 0 && start.processNanos >= 0 && wallNanos > start.wallNanos) {
                self = Math.round(100.0 * (processNanos - start.processNanos) / (wallNanos - start.wallNanos) / cores)
                        + "%";
            }
            return "machine CPU busy " + machine + " of " + cores + " cores, this JVM " + self;
        }
    }

    /** The first "model name" of /proc/cpuinfo, or "n/a". */
    static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"), StandardCharsets.UTF_8)) {
                if (line.startsWith("model name")) {
                    int colon = line.indexOf(':');
                    return colon < 0 ? "n/a" : line.substring(colon + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or not readable
        }
        return "n/a";
    }

    /** The header every report starts with. */
    static String header() {
        Runtime rt = Runtime.getRuntime();
        return String.format(java.util.Locale.ROOT,
                "Velocity benchmarks  %s%n"
                        + "  nproc %d | cpu %s | max heap %d MiB%n"
                        + "  java %s (%s %s)%n"
                        + "  loadavg at start %s%n",
                OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                        .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME),
                rt.availableProcessors(), cpuModel(), rt.maxMemory() / (1024 * 1024),
                System.getProperty("java.runtime.version", System.getProperty("java.version")),
                System.getProperty("java.vm.vendor", "?"), System.getProperty("java.vm.name", "?"),
                loadAverage());
    }

    /**
     * The repository root: the parent of the velocity-bench module directory. Tried in order: the
     * system property the bench profile sets, the location the benchmark classes were loaded from
     * (velocity-bench/target/classes or the module jar), and the working directory and its parents.
     */
    static Optional<Path> repoRoot() {
        List<Path> moduleCandidates = new ArrayList<>();
        String property = System.getProperty(MODULE_DIR_PROPERTY);
        if (property != null && !property.isBlank()) {
            moduleCandidates.add(Paths.get(property));
        }
        try {
            var source = Machine.class.getProtectionDomain().getCodeSource();
            if (source != null && source.getLocation() != null) {
                Path loaded = Paths.get(source.getLocation().toURI()); // …/velocity-bench/target/classes or …jar
                Path target = loaded.getParent();
                if (target != null && target.getParent() != null) {
                    moduleCandidates.add(target.getParent());
                }
            }
        } catch (URISyntaxException | SecurityException | IllegalArgumentException
                 | java.nio.file.FileSystemNotFoundException e) {
            // fall through to the working directory
        }
        for (Path module : moduleCandidates) {
            Path root = module.toAbsolutePath().normalize().getParent();
            if (isRepoRoot(root)) {
                return Optional.of(root);
            }
        }
        for (Path dir = Paths.get("").toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
            if (isRepoRoot(dir)) {
                return Optional.of(dir);
            }
        }
        return Optional.empty();
    }

    private static boolean isRepoRoot(Path dir) {
        return dir != null && Files.isRegularFile(dir.resolve("pom.xml"))
                && Files.isRegularFile(dir.resolve("velocity-bench").resolve("pom.xml"));
    }
}
