package sh.velocity.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Issue 6 acceptance 6, second half: how fast {@code GET /api/v1/audit/verify} re-computes a chain of
 * {@code --verify-events} (1,000,000) events, against {@code sha256sum} over the very bytes the
 * verifier feeds SHA-256. Goal: under 2 s, and at least 0.3× the sha256sum rate.
 *
 * <p>Setup, as the PostgreSQL superuser: a fresh copy of the example manifest
 * ({@code bench-verify-<random8>}) through the API, so that the verify endpoint knows its path; then
 * its chain (chain name = the schema path) is filled in one PL/pgSQL {@code DO} block that appends
 * event after event exactly as {@code platform.audit_seal_pending} / {@code platform.audit_insert} do
 * ({@code platform.audit_canonical}, {@code date_trunc('microseconds', clock_timestamp())},
 * {@code sha256(decode(prev,'hex') || convert_to(canonical,'UTF8'))}), inserting into
 * {@code platform.audit_log} with consecutive seq and moving {@code platform.audit_chain_heads}.
 * The events look like record creates ({@code record.create}, resource {@code <path>/<uuid>},
 * payload {@code {"id": <uuid>, "version": 1}}, a request id, 127.0.0.1).
 *
 * <p>Measured: (a) the verify endpoint with the admin key, end to end, 1 warm-up + 3 runs, each
 * answer checked ({@code valid: true}, {@code events: N}); (b) the bytes SHA-256 consumes for the
 * chain — per event the 32 raw bytes of prev_hash followed by the UTF-8 canonical encoding, all
 * concatenated — exported to a temporary file via JDBC (each event's SHA-256 checked against its
 * stored hash on the way), then {@code sha256sum FILE}, 1 warm-up (page cache) + 3 runs. Whether the
 * chain had a signed checkpoint when verify was timed is reported: the minute timer seals every
 * chain whose head moved, and with a checkpoint the verifier also rebuilds its Merkle root.
 * The filled events stay in the database (the log is append-only); the temporary file is deleted.
 */
final class AuditVerifyBenchmark {

    static final int RUNS = 3;
    static final double GOAL_SECONDS = 2.0;
    static final double GOAL_RATIO = 0.3;
    private static final Pattern VALID = Pattern.compile("\"valid\"\\s*:\\s*(true|false)");
    private static final Pattern EVENTS = Pattern.compile("\"events\"\\s*:\\s*(\\d+)");
    private static final Pattern TREE_SIZE = Pattern.compile("\"treeSize\"\\s*:\\s*(\\d+)");

    record Config(Server server, Postgres.Target pg, long events) {
    }

    /** One timed verify: wall seconds, and the newest checkpoint's tree size seen just before (0: none). */
    record Run(double seconds, long checkpointBefore, long checkpointAfter) {
    }

    record Result(Config config, String path, long events, long filled, double fillSeconds, long bytes,
                  double exportSeconds, double javaSeconds, List<Run> verify, List<Double> sha256sum,
                  String pgSettings, String load) {

        static double median(List<Double> v) {
            List<Double> s = new ArrayList<>(v);
            s.sort(null);
            return s.get(s.size() / 2);
        }

        String render() {
            StringBuilder out = new StringBuilder();
            out.append("Audit chain verification (").append(config.server().url).append(", GET /api/v1/audit/verify,"
                    + " admin key; 1 warm-up + ").append(RUNS).append(" runs each)\n");
            out.append("  chain ").append(path).append(": ").append(Table.count(events)).append(" events (")
                    .append(Table.count(filled)).append(" filled by SQL in ")
                    .append(String.format(Locale.ROOT, "%.1f s", fillSeconds)).append(")\n");
            out.append("  bytes hashed (prev_hash raw 32 B + canonical UTF-8, per event): ").append(Table.count(bytes))
                    .append(String.format(Locale.ROOT, " (%.1f MiB, %.1f B/event)", bytes / 1048576.0,
                            (double) bytes / events)).append('\n');
            Table table = new Table("run", "what", "seconds", "events/s", "MiB/s", "checkpoint (tree size)");
            for (int i = 0; i < verify.size(); i++) {
                Run r = verify.get(i);
                table.row(i + 1, "verify over HTTP", f3(r.seconds()), Table.count(Math.round(events / r.seconds())),
                        f1(bytes / 1048576.0 / r.seconds()), cp(r.checkpointBefore()) + " / " + cp(r.checkpointAfter()));
            }
            for (int i = 0; i < sha256sum.size(); i++) {
                double s = sha256sum.get(i);
                table.row(i + 1, "sha256sum FILE", f3(s), Table.count(Math.round(events / s)),
                        f1(bytes / 1048576.0 / s), "-");
            }
            out.append(table.render("  "));
            double v = median(verify.stream().map(Run::seconds).toList());
            double s = median(sha256sum);
            double ratio = s / v;
            out.append(String.format(Locale.ROOT, "  median: verify %.3f s = %,d events/s; sha256sum %.3f s = %,d"
                    + " events/s; verify/sha256sum rate %.3fx%n", v, Math.round(events / v), s, Math.round(events / s),
                    ratio));
            out.append(String.format(Locale.ROOT, "  goal < %.0f s: %s (%.3f s); goal >= %.1fx sha256sum: %s (%.3fx)%n",
                    GOAL_SECONDS, v < GOAL_SECONDS ? "MET" : "NOT MET", v, GOAL_RATIO,
                    ratio >= GOAL_RATIO ? "MET" : "NOT MET", ratio));
            out.append(String.format(Locale.ROOT, "  for reference: export of the bytes by JDBC %.1f s; one"
                    + " MessageDigest per event in this JVM while exporting %.3f s%n", exportSeconds, javaSeconds));
            out.append("  checkpoint column: newest signed checkpoint's tree size before / after the run (none = no"
                    + " checkpoint; = events: the verifier also rebuilt the Merkle root)\n");
            out.append("  ").append(pgSettings).append('\n');
            out.append("  ").append(load).append('\n');
            return out.toString();
        }

        private static String cp(long size) {
            return size == 0 ? "none" : Table.count(size);
        }
    }

    private AuditVerifyBenchmark() {
    }

    static Result run(Config config, PrintStream progress) throws Exception {
        Server server = config.server();
        Postgres.Target pg = config.pg();
        String name = "bench-verify-" + ApplyBenchmark.random8();
        String path = server.apply(Server.exampleManifest(name, true));
        progress.println("... verify: record type " + path + " created; filling its chain with "
                + Table.count(config.events()) + " events by SQL");
        String settings;
        long filled;
        double fillSeconds;
        try (Connection c = pg.connect()) {
            Postgres.requireSuperuser(c, pg);
            settings = Postgres.settings(c);
            long existing = headSeq(c, path);
            filled = Math.max(0, config.events() - existing);
            long start = System.nanoTime();
            fill(c, path, filled);
            fillSeconds = (System.nanoTime() - start) / 1e9;
            progress.println(String.format(Locale.ROOT, "    %s events appended in %.1f s (%s existed before)",
                    Table.count(filled), fillSeconds, Table.count(existing)));
        }
        long events = config.events();

        Machine.CpuSample cpu = Machine.CpuSample.now();
        String loadBefore = Machine.loadAverage();

        // (b) first: the bytes, exported and checked; then sha256sum
        Path file = Files.createTempFile("velocity-bench-verify-", ".bin");
        List<Double> sums = new ArrayList<>();
        long bytes;
        double exportSeconds;
        double javaSeconds;
        try {
            long start = System.nanoTime();
            long[] b = export(pg, path, file, events);
            exportSeconds = (System.nanoTime() - start) / 1e9;
            bytes = b[0];
            javaSeconds = b[1] / 1e9;
            progress.println(String.format(Locale.ROOT, "    exported %s bytes to %s in %.1f s; every event's SHA-256"
                    + " matches its stored hash", Table.count(bytes), file, exportSeconds));
            String expected = sha256sum(file, null);
            progress.println("    sha256sum warm-up done (" + expected.substring(0, 16) + "…)");
            for (int i = 0; i < RUNS; i++) {
                long t = System.nanoTime();
                sha256sum(file, expected);
                sums.add((System.nanoTime() - t) / 1e9);
                progress.println(String.format(Locale.ROOT, "    sha256sum run %d: %.3f s", i + 1, sums.get(i)));
            }
        } finally {
            Files.deleteIfExists(file);
        }

        // (a) the verify endpoint
        String query = "/api/v1/audit/verify?schema=" + URLEncoder.encode(path, StandardCharsets.UTF_8);
        String cpQuery = "/api/v1/audit/checkpoints?limit=1&schema=" + URLEncoder.encode(path, StandardCharsets.UTF_8);
        List<Run> runs = new ArrayList<>();
        for (int i = 0; i <= RUNS; i++) {
            long before = checkpoint(server, cpQuery);
            long t = System.nanoTime();
            HttpResponse<String> r = server.send(server.request(server.url.resolve(query)).GET(), 200);
            double seconds = (System.nanoTime() - t) / 1e9;
            long after = checkpoint(server, cpQuery);
            check(r.body(), events);
            if (i == 0) {
                progress.println(String.format(Locale.ROOT, "    verify warm-up: %.3f s, %s", seconds, r.body()));
            } else {
                runs.add(new Run(seconds, before, after));
                progress.println(String.format(Locale.ROOT, "    verify run %d: %.3f s (checkpoint %d / %d)", i, seconds,
                        before, after));
            }
        }
        String load = "loadavg before/after: " + loadBefore + " / " + Machine.loadAverage() + "; "
                + Machine.CpuSample.now().since(cpu);
        return new Result(config, path, events, filled, fillSeconds, bytes, exportSeconds, javaSeconds, runs, sums,
                settings, load);
    }

    private static long headSeq(Connection c, String chain) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT seq FROM platform.audit_chain_heads WHERE chain = ?")) {
            ps.setString(1, chain);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    /**
     * Appends {@code n} events to the chain in one transaction, hashing each as the seal does. A
     * function created and dropped in the same transaction (a DO block cannot take parameters).
     */
    static void fill(Connection c, String chain, long n) throws SQLException {
        c.setAutoCommit(false);
        try (var st = c.createStatement()) {
            st.execute("""
                    CREATE FUNCTION pg_temp.bench_verify_fill(p_chain text, p_n bigint) RETURNS bigint
                        LANGUAGE plpgsql
                    AS $$
                    DECLARE
                        v_seq  bigint;
                        v_prev text;
                        v_hash text;
                        v_at   timestamptz;
                        v_id   text;
                        v_body jsonb;
                        v_req  text;
                    BEGIN
                        -- the log is partitioned by organisation and month (audit/V4): make sure both exist
                        PERFORM platform.audit_ensure_partition(platform.audit_org_of(p_chain),
                            date_trunc('month', now() AT TIME ZONE 'UTC')::date);
                        PERFORM platform.audit_ensure_partition(platform.audit_org_of(p_chain),
                            (date_trunc('month', now() AT TIME ZONE 'UTC') + interval '1 month')::date);
                        INSERT INTO platform.audit_chain_heads (chain, seq, hash)
                            VALUES (p_chain, 0, repeat('0', 64)) ON CONFLICT (chain) DO NOTHING;
                        SELECT seq, hash INTO v_seq, v_prev
                            FROM platform.audit_chain_heads WHERE chain = p_chain FOR UPDATE;
                        FOR i IN 1..p_n LOOP
                            v_seq := v_seq + 1;
                            v_id := gen_random_uuid()::text;
                            v_body := jsonb_build_object('id', v_id, 'version', 1);
                            v_req := 'bench-' || v_seq;
                            v_at := date_trunc('microseconds', clock_timestamp());
                            v_hash := encode(sha256(decode(v_prev, 'hex') || convert_to(platform.audit_canonical(
                                p_chain, v_seq, 'bench-verify', 'record.create', p_chain || '/' || v_id, 'success',
                                NULL, v_req, '127.0.0.1', v_at, v_body), 'UTF8')), 'hex');
                            INSERT INTO platform.audit_log (org, chain, seq, actor, operation, resource, result,
                                                            fail_mode, request_id, source_ip, created_at, payload,
                                                            prev_hash, hash)
                                VALUES (platform.audit_org_of(p_chain), p_chain, v_seq, 'bench-verify', 'record.create',
                                        p_chain || '/' || v_id,
                                        'success', NULL, v_req, '127.0.0.1', v_at, v_body, v_prev, v_hash);
                            v_prev := v_hash;
                        END LOOP;
                        UPDATE platform.audit_chain_heads SET seq = v_seq, hash = v_prev WHERE chain = p_chain;
                        RETURN v_seq;
                    END
                    $$""");
            try (PreparedStatement ps = c.prepareStatement("SELECT pg_temp.bench_verify_fill(?, ?)")) {
                ps.setString(1, chain);
                ps.setLong(2, n);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                }
            }
            st.execute("DROP FUNCTION pg_temp.bench_verify_fill(text, bigint)");
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    /**
     * Writes, per event in seq order, the 32 raw bytes of prev_hash and the UTF-8 canonical encoding
     * (computed by {@code platform.audit_canonical}, the verifier's reference) to {@code file}, and
     * checks that SHA-256 of each piece is the stored hash. Returns {bytes written, nanos in MessageDigest}.
     */
    static long[] export(Postgres.Target pg, String chain, Path file, long events) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        HexFormat hex = HexFormat.of();
        long bytes = 0;
        long digestNanos = 0;
        long count = 0;
        try (Connection c = pg.connect();
             OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("SELECT seq, decode(prev_hash, 'hex') || convert_to("
                    + "platform.audit_canonical(chain, seq, actor, operation, resource, result, fail_mode, request_id,"
                    + " source_ip, created_at, payload), 'UTF8'), hash FROM platform.audit_log WHERE chain = ?"
                    + " ORDER BY seq")) {
                ps.setFetchSize(10_000);
                ps.setString(1, chain);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        count++;
                        if (rs.getLong(1) != count) {
                            throw new IllegalStateException("chain " + chain + ": expected event " + count + ", found "
                                    + rs.getLong(1));
                        }
                        byte[] piece = rs.getBytes(2);
                        long t = System.nanoTime();
                        byte[] digest = sha.digest(piece);
                        digestNanos += System.nanoTime() - t;
                        if (!MessageDigest.isEqual(digest, hex.parseHex(rs.getString(3)))) {
                            throw new IllegalStateException("chain " + chain + ", event " + count + ": SHA-256 of the"
                                    + " exported bytes differs from the stored hash; the export is not what the"
                                    + " verifier hashes");
                        }
                        out.write(piece);
                        bytes += piece.length;
                    }
                }
            }
            c.commit();
        }
        if (count != events) {
            throw new IllegalStateException("chain " + chain + " has " + count + " events, expected " + events);
        }
        return new long[] {bytes, digestNanos};
    }

    /** Runs sha256sum FILE; returns the digest, checked against {@code expected} when given. */
    static String sha256sum(Path file, String expected) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("sha256sum", file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("sha256sum failed: " + out);
        }
        String digest = out.split("\\s+")[0];
        if (expected != null && !expected.equals(digest)) {
            throw new IllegalStateException("sha256sum gave " + digest + ", before " + expected);
        }
        return digest;
    }

    static Optional<Path> sha256sumBinary() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            Path p = Path.of(dir, "sha256sum");
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    private static long checkpoint(Server server, String query) throws Exception {
        HttpResponse<String> r = server.send(server.request(server.url.resolve(query)).GET(), 200);
        Matcher m = TREE_SIZE.matcher(r.body());
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    private static void check(String body, long events) {
        Matcher v = VALID.matcher(body);
        Matcher e = EVENTS.matcher(body);
        if (!v.find() || !v.group(1).equals("true") || !e.find() || Long.parseLong(e.group(1)) != events) {
            throw new IllegalStateException("verify answered " + body + ", expected valid: true and events: " + events);
        }
    }

    private static String f3(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }

    private static String f1(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
