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

    /**
     * CPU time by process group between two points, from /proc/[pid]/stat: the Liberty server of the
     * run command (a JVM running this checkout's ws-server.jar for the server "velocity"), the PostgreSQL
     * cluster whose postmaster pid was registered with {@link #watchPostmaster} (the postmaster, its
     * live children, and the children it reaped meanwhile), the run command's embedded Redis, the
     * run command's OpenSearch (a JVM running {@code org.opensearch.bootstrap.OpenSearch} from this
     * checkout's {@code target/devstack}), this JVM, its child processes (pgbench), and everything else — the other engineers' builds and
     * tests on a shared machine. Shares are of the whole machine (all cores = 100%). Linux only;
     * elsewhere "n/a". A process that started and ended between the two points is counted only if
     * its parent is one of those (its time is then in the parent's cutime).
     */
    record ProcessCpu(java.util.Map<Long, long[]> ticks, java.util.Map<Long, String> kind, long wallNanos) {

        private static volatile long postmaster = -1;

        /** From now on, count this postmaster and its children as "PostgreSQL". */
        static void watchPostmaster(long pid) {
            postmaster = pid;
        }

        static ProcessCpu now() {
            java.util.Map<Long, long[]> ticks = new java.util.HashMap<>();
            java.util.Map<Long, String> comm = new java.util.HashMap<>();
            java.util.Map<Long, Long> parent = new java.util.HashMap<>();
            java.util.Set<Long> liberty = new java.util.HashSet<>();
            java.util.Set<Long> openSearch = new java.util.HashSet<>();
            try (var dirs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
                for (Path dir : dirs) {
                    try {
                        String stat = Files.readString(dir.resolve("stat"), StandardCharsets.US_ASCII);
                        int open = stat.indexOf('(');
                        int close = stat.lastIndexOf(')');
                        String[] f = stat.substring(close + 2).split(" "); // f[0] = state (field 3)
                        long pid = Long.parseLong(dir.getFileName().toString());
                        parent.put(pid, Long.parseLong(f[1]));
                        comm.put(pid, stat.substring(open + 1, close));
                        ticks.put(pid, new long[] {Long.parseLong(f[11]) + Long.parseLong(f[12]),   // utime + stime
                                Long.parseLong(f[13]) + Long.parseLong(f[14])});                   // cutime + cstime
                        if (comm.get(pid).equals("java")) {
                            String[] args = commandLine(dir);
                            if (isVelocityLiberty(args)) {
                                liberty.add(pid);
                            } else if (isDevStackOpenSearch(args)) {
                                openSearch.add(pid);
                            }
                        }
                    } catch (IOException | RuntimeException e) {
                        // the process ended meanwhile
                    }
                }
            } catch (IOException | RuntimeException e) {
                return new ProcessCpu(java.util.Map.of(), java.util.Map.of(), System.nanoTime());
            }
            long self = ProcessHandle.current().pid();
            long pg = postmaster;
            java.util.Set<Long> launchers = new java.util.HashSet<>();
            liberty.forEach(pid -> launchers.add(parent.get(pid)));
            java.util.Map<Long, String> kind = new java.util.HashMap<>();
            for (long pid : ticks.keySet()) {
                long ppid = parent.get(pid);
                String k;
                if (pid == self) {
                    k = "bench JVM";
                } else if (ppid == self) {
                    k = "pgbench";
                } else if (pid == pg || ppid == pg) {
                    k = "PostgreSQL";
                } else if (liberty.contains(pid)) {
                    k = "Liberty";
                } else if (openSearch.contains(pid)) {
                    k = "OpenSearch";
                } else if (launchers.contains(ppid) && comm.get(pid).startsWith("redis-server")) {
                    k = "Redis";
                } else {
                    k = "other";
                }
                kind.put(pid, k);
            }
            return new ProcessCpu(ticks, kind, System.nanoTime());
        }

        private static String[] commandLine(Path dir) throws IOException {
            return new String(Files.readAllBytes(dir.resolve("cmdline")), StandardCharsets.UTF_8).split("\0");
        }

        /** The run command's Liberty: ws-server.jar of this checkout, server "velocity" (not a test copy). */
        private static boolean isVelocityLiberty(String[] args) {
            return args.length >= 2 && args[args.length - 2].endsWith("ws-server.jar")
                    && args[args.length - 2].startsWith(ROOT) && args[args.length - 1].equals("velocity");
        }

        /** The run command's OpenSearch: its home under this checkout's target/devstack (not a test copy's). */
        private static boolean isDevStackOpenSearch(String[] args) {
            boolean main = false;
            boolean home = false;
            for (String a : args) {
                main |= a.equals("org.opensearch.bootstrap.OpenSearch");
                home |= a.startsWith("-Dopensearch.path.home=" + ROOT + "target/devstack/");
            }
            return main && home;
        }

        private static final String ROOT = repoRoot().map(r -> r.toString() + "/").orElse("/");

        /** CPU seconds used by each group since {@code start}. */
        Use since(ProcessCpu start) {
            java.util.Map<String, Double> used = new java.util.LinkedHashMap<>();
            for (String k : List.of("Liberty", "PostgreSQL", "Redis", "OpenSearch", "bench JVM", "pgbench", "other")) {
                used.put(k, 0.0);
            }
            double wall = (wallNanos - start.wallNanos) / 1e9;
            if (ticks.isEmpty() || start.ticks.isEmpty() || wall <= 0) {
                return new Use(java.util.Map.of(), wall);
            }
            for (var e : ticks.entrySet()) {
                long[] before = start.ticks.get(e.getKey());
                String k = kind.getOrDefault(e.getKey(), "other");
                long own = e.getValue()[0] - (before == null ? 0 : before[0]);
                // children that ended meanwhile: backends for the postmaster, pgbench for this JVM
                long reaped = e.getValue()[1] - (before == null ? 0 : before[1]);
                used.merge(k, Math.max(0, own) / 100.0 /* USER_HZ */, Double::sum);
                used.merge(k.equals("bench JVM") ? "pgbench" : k, Math.max(0, reaped) / 100.0, Double::sum);
            }
            return new Use(used, wall);
        }
    }

    /** CPU seconds by process group over {@code wallSeconds}. */
    record Use(java.util.Map<String, Double> cpuSeconds, double wallSeconds) {

        /** "Liberty 48%, PostgreSQL 31%, bench JVM 6%, other 15%" of the whole machine. */
        String shares() {
            if (cpuSeconds.isEmpty()) {
                return "CPU by process n/a";
            }
            double capacity = wallSeconds * Runtime.getRuntime().availableProcessors();
            StringBuilder s = new StringBuilder("CPU by process (share of the machine): ");
            cpuSeconds.forEach((k, v) -> {
                if (v > 0 || !(k.equals("pgbench") || k.equals("Redis") || k.equals("OpenSearch"))) {
                    s.append(k).append(' ').append(Math.round(100 * v / capacity)).append("%, ");
                }
            });
            s.setLength(s.length() - 2);
            return s.toString();
        }

        /** CPU milliseconds of one group per unit of work, or "-". */
        String millisPer(String group, long count) {
            Double v = cpuSeconds.get(group);
            return v == null || count <= 0 ? "-" : String.format(java.util.Locale.ROOT, "%.2f", v * 1000 / count);
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
