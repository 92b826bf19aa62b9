package sh.velocity.compliance.application.internal;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import sh.velocity.audit.api.AuditMonitor;
import sh.velocity.audit.api.ChainVerification;
import sh.velocity.auth.api.RevocationStatus;
import sh.velocity.auth.api.Throttles;
import sh.velocity.compliance.api.CheckResult;
import sh.velocity.compliance.api.CheckStatus;
import sh.velocity.compliance.api.ComplianceChecklist;
import sh.velocity.compliance.domain.deployment.ClusterFinding;
import sh.velocity.compliance.domain.deployment.ClusterItem;
import sh.velocity.compliance.domain.deployment.ClusterStatus;
import sh.velocity.compliance.domain.deployment.DeploymentReport;
import sh.velocity.compliance.domain.deployment.DeploymentReview;
import sh.velocity.compliance.infrastructure.deployment.ClasspathDeploymentManifests;
import sh.velocity.compliance.infrastructure.persistence.JdbcChecks;
import sh.velocity.compliance.infrastructure.persistence.RoleInspection;
import sh.velocity.records.api.KeyManagement;
import sh.velocity.records.api.SearchStatus;

/**
 * The hardening guide's checklist as code: one check per item it can decide from inside the
 * server (the database, the registry, the audit chains, Redis, the search engine, the server's
 * configuration and its own startup log), each with the query or probe it ran and what it saw. The
 * items about the cluster around Velocity are {@link CheckStatus#MANUAL} until a live cluster is
 * checked with the command the evidence names. The number of failing checks of the last run is the
 * gauge {@code velocity_compliance_checks_failed}.
 */
@ApplicationScoped
public class DefaultComplianceChecklist implements ComplianceChecklist {

    private static final Logger LOG = Logger.getLogger(DefaultComplianceChecklist.class.getName());
    /** A variable whose name says secret and whose value is written out (not a ${…} reference or a file). */
    private static final Pattern SECRET_VARIABLE = Pattern.compile(
            "<variable\\s+name=\"([^\"]*(?:password|secret|passphrase|token)[^\"]*)\"\\s+value=\"(?!\\$\\{)[^\"]+\"",
            Pattern.CASE_INSENSITIVE);
    /** A password attribute written out, neither a ${…} reference nor Liberty's {xor}/{aes} encoding. */
    private static final Pattern PASSWORD_ATTRIBUTE = Pattern.compile(
            "\\b(password)=\"(?!\\$\\{)(?!\\{(?:xor|aes|hash)\\})[^\"]+\"", Pattern.CASE_INSENSITIVE);
    private static final int KEY_ROTATION_DAYS = 90;
    private static final int MAX_CREDENTIAL_RATE = 10_000;
    private static final int MAX_SOURCE_RATE = 100_000;
    private static final int MAX_LOCKOUT_ATTEMPTS = 20;
    private static final int MIN_LOCKOUT_SECONDS = 60;

    @Inject
    JdbcChecks sql;

    @Inject
    RoleInspection roles;

    @Inject
    AuditMonitor audit;

    @Inject
    RevocationStatus redis;

    @Inject
    SearchStatus search;

    @Inject
    Throttles throttles;

    @Inject
    KeyManagement keys;

    @Inject
    Config config;

    @Inject
    MetricRegistry metrics;

    private final AtomicLong failed = new AtomicLong();

    @PostConstruct
    void init() {
        metrics.gauge(Metadata.builder().withName("velocity_compliance_checks_failed")
                .withDescription("Hardening checklist checks that failed at the last run (GET /api/v1/compliance/checklist).")
                .withUnit(MetricUnits.NONE).build(), failed::get);
    }

    /**
     * Outside any transaction: each query commits on its own, so one that fails cannot abort the
     * checks after it (the RLS probe opens its own transaction for its transaction-local principal).
     */
    @Override
    @Transactional(Transactional.TxType.NOT_SUPPORTED)
    public List<CheckResult> run() {
        return run(false);
    }

    /**
     * The fifteen-minute run: the same checks, but the audit chains as the monitor reads them
     * (the events since its last pass, each chain whole at its interval), not every chain whole
     * again beside the monitor.
     */
    @Transactional(Transactional.TxType.NOT_SUPPORTED)
    public List<CheckResult> runScheduled() {
        return run(true);
    }

    private List<CheckResult> run(boolean scheduled) {
        List<CheckResult> out = new ArrayList<>();
        out.add(safely("db-role", 1, "velocity_api role is non-superuser with NOBYPASSRLS", this::dbRole));
        out.add(safely("max-length", 2, "All SchemaDefinitions have maxLength on string fields", this::maxLength));
        out.add(safely("cel-bounds", 3, "CEL expressions have maxExecutionMs set", this::celBounds));
        out.add(safely("api-key-hashes", 4, "API key hashes are stored, not plaintext", this::keyHashes));
        out.add(safely("masking", 5, "Sensitive fields use masking strategies", this::masking));
        out.add(safely("field-encryption", 0, "phi, pci and secret columns hold only ciphertext", this::encryption));
        out.add(safely("audit-chains", 6, "Audit log is hash-linked; audit verify passes",
                (id, item, title) -> auditChains(id, item, title, scheduled)));
        out.add(safely("admission-webhook", 7, "Validating webhook is running and rejecting invalid manifests",
                this::webhook));
        out.add(safely("outbox-cdc", 8, "Outbox tables exist for tier-3 schemas; CDC worker is healthy", this::outbox));
        out.add(safely("redis-fail-closed", 9, "Redis unavailability causes 503 (fail-closed)", this::redis));
        out.add(safely("search-fallback", 10, "Search engine unavailability degrades gracefully to tier 2",
                this::searchFallback));
        out.add(safely("breaking-changes", 11, "Breaking schema changes require velocity.sh/breaking-change=approved",
                this::breakingChanges));
        out.add(safely("rls", 12, "RLS verified by direct Postgres query", this::rls));
        out.add(safely("tls", 13, "Internal communication uses TLS/HTTPS", this::tls));
        DeploymentReport deployment = deployment();
        out.add(cluster("tls-deployment", deployment, ClusterItem.INTERNAL_TLS));
        out.add(cluster("network-policies", deployment, ClusterItem.NETWORK_POLICIES));
        out.add(cluster("pod-security", deployment, ClusterItem.POD_SECURITY));
        out.add(cluster("external-secrets", deployment, ClusterItem.EXTERNAL_SECRETS));
        out.add(cluster("postgres-backups", deployment, ClusterItem.POSTGRES_BACKUPS));
        out.add(safely("audit-monitoring", 18, "Audit log monitoring and alerting is configured",
                (id, item, title) -> auditMonitoring(id, item, title, deployment)));
        out.add(safely("startup-log", 19, "Operator logs show no FATAL or ERROR on startup", this::startupLog));
        out.add(safely("rate-limits", 0, "Rate limits are active", this::rateLimits));
        out.add(safely("lockout", 0, "Lockout after repeated authentication failures is active", this::lockout));
        out.add(safely("api-key-rotation", 0, "API keys are rotated within " + KEY_ROTATION_DAYS + " days", this::keyAge));
        out.add(safely("idempotency-cleanup", 0, "Expired idempotency keys are removed", this::idempotency));
        out.add(safely("audit-retention", 0, "Audit retention is configured for every namespace", this::retention));
        out.add(safely("config-secrets", 0, "No plaintext secrets in the server configuration", this::configSecrets));
        failed.set(out.stream().filter(r -> r.status() == CheckStatus.FAIL).count());
        out.stream().filter(r -> r.status() == CheckStatus.FAIL)
                .forEach(r -> LOG.warning("Hardening check " + r.id() + " fails: " + r.evidence()));
        return out;
    }

    /** One check: its own outcome, or a failure naming why it could not run (never an exception). */
    private interface Body {
        CheckResult run(String id, int item, String title) throws Exception;
    }

    private CheckResult safely(String id, int item, String title, Body body) {
        try {
            return body.run(id, item, title);
        } catch (Exception | LinkageError e) {
            String why = e.getClass().getSimpleName() + (e instanceof SQLException q ? ", SQLState " + q.getSQLState() : "");
            LOG.warning("Compliance check " + id + " could not run: " + why);
            return new CheckResult(id, item, title, CheckStatus.FAIL, "the check could not run (" + why
                    + "); a check that cannot run counts as failed", "");
        }
    }

    private static CheckResult result(String id, int item, String title, boolean ok, String evidence, String verify) {
        return new CheckResult(id, item, title, ok ? CheckStatus.PASS : CheckStatus.FAIL, evidence, verify);
    }

    private CheckResult dbRole(String id, int item, String title) throws SQLException {
        List<String> problems = roles.problems();
        return result(id, item, title, problems.isEmpty(), problems.isEmpty()
                        ? "SELECT rolsuper, rolbypassrls, rolinherit FROM pg_roles WHERE rolname = current_user: "
                        + "NOSUPERUSER, NOBYPASSRLS, INHERIT; no CREATE on the database or any schema"
                        : String.join(" ", problems),
                "psql -c \"SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = 'velocity_api'\"");
    }

    private CheckResult maxLength(String id, int item, String title) throws SQLException {
        List<String> missing = sql.strings(JdbcChecks.MISSING_MAX_LENGTH);
        return result(id, item, title, missing.isEmpty(), missing.isEmpty()
                ? "every string and text field of every applied manifest has maxLength (query: string/text fields "
                + "of platform.schema_definitions without maxLength: 0 rows)"
                : "fields without maxLength: " + limited(missing), "velocity doctor; GET /api/v1/schemas/{path}");
    }

    private CheckResult celBounds(String id, int item, String title) throws SQLException {
        List<String> unbounded = sql.strings(JdbcChecks.UNBOUNDED_RULES);
        return result(id, item, title, unbounded.isEmpty(), unbounded.isEmpty()
                ? "every validation rule has maxExecutionMs between 1 and 1000 (default 10); evaluation is bounded "
                + "by CPU time, a step budget and a 100x wall backstop"
                : "rules without a bound between 1 and 1000 ms: " + limited(unbounded), "velocity doctor");
    }

    private CheckResult keyHashes(String id, int item, String title) throws SQLException {
        long constraint = sql.count(JdbcChecks.KEY_HASH_CONSTRAINT);
        long plain = sql.count(JdbcChecks.NON_HASH_KEYS);
        boolean ok = constraint > 0 && plain == 0;
        return result(id, item, title, ok, "CHECK constraint on platform.api_keys.key_hash (64 hex digits, "
                + "validated): " + (constraint > 0 ? "present" : "MISSING") + "; rows whose key_hash is not a SHA-256 "
                + "hex digest: " + plain, "psql -c \"SELECT count(*) FROM platform.api_keys WHERE key_hash !~ '^[0-9a-f]{64}$'\"");
    }

    private CheckResult masking(String id, int item, String title) throws SQLException {
        List<String> revealing = sql.strings(JdbcChecks.UNMASKED_SENSITIVE);
        long sensitive = sql.count(JdbcChecks.SENSITIVE_FIELDS);
        List<String> logged = sql.strings(JdbcChecks.LOGGED_PARAMETERS);
        List<String> problems = new ArrayList<>();
        if (!revealing.isEmpty()) {
            problems.add("sensitive fields whose masking shows the whole value: " + limited(revealing));
        }
        if (!logged.isEmpty()) {
            problems.add("PostgreSQL may write the values bound to the server's statements, sensitive fields among "
                    + "them, into its log: " + String.join(", ", logged) + " not 0 for the server's role (ALTER ROLE "
                    + "velocity_api SET ... = 0, operations guide section 4)");
        }
        return result(id, item, title, problems.isEmpty(), problems.isEmpty()
                ? sensitive + " sensitive field(s), each masked (without an explicit strategy: full); none whose partial "
                + "masking shows as many characters as the field holds; PostgreSQL logs the server's statements "
                + "without their bound values (log_parameter_max_length and log_parameter_max_length_on_error 0 "
                + "on the role and in force)"
                : String.join("; ", problems), "velocity doctor; psql -U velocity_api -c 'SHOW log_parameter_max_length'");
    }

    private CheckResult encryption(String id, int item, String title) throws SQLException {
        List<String> clear = sql.strings(JdbcChecks.UNENCRYPTED_COLUMNS);
        long encrypted = sql.count(JdbcChecks.ENCRYPTED_FIELDS);
        Optional<String> kek = keys.unavailable();
        boolean ok = clear.isEmpty() && kek.isEmpty();
        String evidence = (kek.isEmpty() ? "key-encryption key configured; " : "no usable key-encryption key: "
                + kek.get() + "; ") + (clear.isEmpty() ? encrypted + " phi/pci/secret field(s), each in a text column "
                + "whose validated CHECK admits only ciphertext (vfe1.<version>.<base64url>)"
                : "fields whose column may hold values in clear (run a key rotation of their organisation): "
                + limited(clear));
        return result(id, item, title, ok, evidence, "psql -c \"SELECT conrelid::regclass, convalidated FROM "
                + "pg_constraint WHERE pg_get_constraintdef(oid) LIKE '%^vfe1%'\"");
    }

    private CheckResult auditChains(String id, int item, String title, boolean scheduled) {
        List<ChainVerification> tampered = scheduled ? audit.verifyNew() : audit.verifyAll();
        return result(id, item, title, tampered.isEmpty(), tampered.isEmpty()
                ? (scheduled ? "every chain verified by the monitor's pass now (its events since the last pass; "
                        + "each chain whole at the monitor's interval)" : "every chain verified now")
                        + " (hash links, sequence, content, latest signed checkpoint)"
                : "chains that fail verification: " + limited(tampered.stream().map(v -> v.chain() + " (event "
                + v.firstBadEvent() + ": " + v.reason() + ")").toList()), "velocity audit verify --schema <path>");
    }

    private CheckResult webhook(String id, int item, String title) {
        return new CheckResult(id, item, title, CheckStatus.MANUAL, "this server serves POST /admission/validate "
                + "(AdmissionReview v1, the same checks as apply, refusing e.g. a string field without maxLength); "
                + "deploy/kubernetes/validating-webhook.yaml registers it with failurePolicy: Fail. Whether the cluster "
                + "calls it can only be seen on the cluster",
                "kubectl get validatingwebhookconfiguration -o yaml | grep -A3 velocity; then apply a manifest without "
                        + "maxLength with kubectl and see it denied");
    }

    private CheckResult outbox(String id, int item, String title) throws SQLException {
        List<String> missing = new ArrayList<>();
        List<String> tier3 = new ArrayList<>();
        for (String[] t : sql.recordTables()) {
            if (t[2] == null) {
                missing.add(t[0]);
            }
            if ("3".equals(t[3]) && Integer.parseInt(t[4]) > 0) {
                tier3.add(t[0]);
            }
        }
        if (!missing.isEmpty()) {
            return result(id, item, title, false, "record types without their outbox table: " + limited(missing), "");
        }
        if (tier3.isEmpty()) {
            return result(id, item, title, true, "every record type has its outbox table; none is searched through "
                    + "the search engine, so there is nothing to relay", "");
        }
        if (!search.engineConfigured()) {
            return new CheckResult(id, item, title, CheckStatus.WARN, tier3.size() + " tier-3 record type(s) but no "
                    + "search engine configured (velocity.search.url): their searches are answered by tier 2", "");
        }
        List<String> behind = new ArrayList<>();
        search.lags().forEach((path, lag) -> {
            if (lag.oldestSeconds() > search.maxLagSeconds()) {
                behind.add(String.format(Locale.ROOT, "%s (%d rows, oldest %.0f s)", path, lag.unpublished(),
                        lag.oldestSeconds()));
            }
        });
        boolean ok = search.engineReachable() && behind.isEmpty();
        return result(id, item, title, ok, "outbox tables: all present; search engine "
                + (search.engineReachable() ? "reachable" : "UNREACHABLE") + "; tier-3 types " + tier3.size()
                + (behind.isEmpty() ? ", none behind more than " + search.maxLagSeconds() + " s"
                : ", behind: " + limited(behind)), "curl -s <server>/metrics | grep velocity_outbox");
    }

    CheckResult redis(String id, int item, String title) {
        boolean up = redis.reachable();
        return result(id, item, title, up, up
                ? "Redis answers; every authenticated request consults it (revocation, lockout, rate limit) and is "
                + "refused with 503 REVOCATION_UNAVAILABLE when it does not: there is no setting to fail open"
                : "Redis does not answer: authenticated requests are being refused (503 REVOCATION_UNAVAILABLE) until "
                + "it is back", "redis-cli -u <velocity.redis.url> PING");
    }

    private CheckResult searchFallback(String id, int item, String title) throws SQLException {
        List<String> without = new ArrayList<>();
        int searchable = 0;
        for (String[] t : sql.recordTables()) {
            if (t[1] != null && Integer.parseInt(t[4]) > 0) {
                searchable++;
                if (sql.count(JdbcChecks.SEARCH_VECTOR, t[1]) == 0) {
                    without.add(t[0]);
                }
            }
        }
        return result(id, item, title, without.isEmpty(), without.isEmpty()
                ? searchable + " searchable record type(s), each with its tier-2 search_vector column, so searches "
                + "fall back to PostgreSQL when the engine is down or behind (header X-Velocity-Search-Tier: 2)"
                : "searchable record types without a search_vector column (no tier-2 fallback): " + limited(without),
                "GET /api/v1/records/{path}/search?q=… with the engine stopped: 200, X-Velocity-Search-Tier: 2");
    }

    private CheckResult breakingChanges(String id, int item, String title) throws SQLException {
        List<String> unjustified = sql.strings(JdbcChecks.MIGRATIONS_WITHOUT_REASON);
        return result(id, item, title, unjustified.isEmpty(), unjustified.isEmpty()
                ? "apply refuses a breaking change without the annotation and a migration reason (409); every "
                + "applied migration in platform.schema_history has its reason"
                : "applied migrations without a reason: " + limited(unjustified), "GET /api/v1/schemas/{path}");
    }

    private CheckResult rls(String id, int item, String title) throws SQLException {
        List<String> problems = new ArrayList<>();
        int tables = 0;
        for (String[] t : sql.recordTables()) {
            for (String table : new String[] {t[1], t[2]}) {
                if (table == null) {
                    continue;
                }
                tables++;
                boolean[] flags = sql.rlsFlags(table);
                if (!flags[0] || !flags[1]) {
                    problems.add(table + (flags[0] ? "" : " RLS disabled") + (flags[1] ? "" : " RLS not forced"));
                } else {
                    long seen = sql.rowsSeenWithoutPrincipal(table);
                    if (seen > 0) {
                        problems.add(table + " shows " + seen + " rows to velocity_api without a principal");
                    }
                }
            }
        }
        return result(id, item, title, problems.isEmpty(), problems.isEmpty()
                ? tables + " record and outbox tables: RLS enabled and forced on each; SELECT count(*) as velocity_api "
                + "with no principal: 0 rows on each"
                : "problems: " + limited(problems),
                "psql -U velocity_api -c \"SELECT count(*) FROM <schema>.<table>\" (expect 0)");
    }

    private CheckResult tls(String id, int item, String title) {
        List<String> problems = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        int https = integer("velocity.https.port", 9443);
        int http = integer("velocity.http.port", -1);
        seen.add("HTTPS listener " + (https > 0 ? "on " + https : "off"));
        if (https <= 0) {
            problems.add("no HTTPS listener");
        }
        seen.add("plain HTTP " + (http > 0 ? "on " + http + " (bound to 127.0.0.1 only)" : "off"));
        String dbHost = string("velocity.db.host").orElse("127.0.0.1");
        String sslmode = string("velocity.db.sslmode").orElse("require");
        boolean dbTls = Stream.of("require", "verify-ca", "verify-full").anyMatch(sslmode::equals);
        seen.add("PostgreSQL " + dbHost + " sslmode=" + sslmode);
        if (!dbTls && !loopback(dbHost)) {
            problems.add("PostgreSQL on " + dbHost + " without TLS (sslmode=" + sslmode + ")");
        }
        URI redisUrl = URI.create(string("velocity.redis.url").orElse("redis://127.0.0.1:6379"));
        seen.add("Redis " + redisUrl.getScheme() + "://" + redisUrl.getHost());
        if (!"rediss".equals(redisUrl.getScheme()) && !loopback(redisUrl.getHost())) {
            problems.add("Redis on " + redisUrl.getHost() + " without TLS");
        }
        Optional<String> searchUrl = string("velocity.search.url");
        if (searchUrl.isPresent()) {
            URI s = URI.create(searchUrl.get());
            seen.add("search engine " + s.getScheme() + "://" + s.getHost());
            if (!"https".equals(s.getScheme()) && !loopback(s.getHost())) {
                problems.add("search engine on " + s.getHost() + " without TLS");
            }
        }
        return result(id, item, title, problems.isEmpty(), String.join("; ", seen) + (problems.isEmpty()
                ? "; every connection that leaves this host uses TLS (plain connections only on loopback)"
                : ". Not TLS: " + String.join("; ", problems)),
                "openssl s_client -connect <host>:9443 -tls1_2; psql \"sslmode=verify-full …\"");
    }

    private CheckResult auditMonitoring(String id, int item, String title, DeploymentReport deployment) {
        int tampered = audit.tamperedChains().size();
        ClusterFinding alerting = deployment.finding(ClusterItem.AUDIT_ALERTING);
        boolean failed = alerting.status() == ClusterStatus.FAIL;
        return new CheckResult(id, item, title, failed ? CheckStatus.FAIL : CheckStatus.MANUAL, "monitoring runs: every "
                + "replica re-verifies every chain every 15 minutes, gauge velocity_audit_tampering_detected = " + tampered
                + ", readiness check audit-chains. Alerting, from the deployment manifests: "
                + String.join("; ", alerting.evidence()), String.join("\n", alerting.commands()));
    }

    /** The packaged deployment manifests, reviewed (a file that cannot be read fails every cluster item). */
    private DeploymentReport deployment() {
        try {
            return DeploymentReview.review(ClasspathDeploymentManifests.packaged().read());
        } catch (RuntimeException e) {
            LOG.warning("The packaged deployment manifests could not be read: " + e.getClass().getSimpleName());
            return DeploymentReview.review(List.of());
        }
    }

    /**
     * A checklist item about the cluster around Velocity, judged from the deployment manifests in
     * the repository: MANUAL when they say it holds (a live cluster must be checked with the commands
     * given), FAIL when they contradict it.
     */
    private static CheckResult cluster(String id, DeploymentReport deployment, ClusterItem item) {
        ClusterFinding f = deployment.finding(item);
        return new CheckResult(id, item.number(), item.title(), f.status() == ClusterStatus.FAIL ? CheckStatus.FAIL
                : CheckStatus.MANUAL, String.join("; ", f.evidence()), String.join("\n", f.commands()));
    }

    private CheckResult startupLog(String id, int item, String title) throws IOException {
        Optional<Path> log = messagesLog();
        if (log.isEmpty()) {
            return new CheckResult(id, item, title, CheckStatus.WARN, "the server's messages.log was not found "
                    + "(LOG_DIR / server.output.dir unset); check the operator logs by hand",
                    "grep -E ' [EF] |FATAL' <server>/logs/messages.log");
        }
        List<String> bad;
        try (Stream<String> lines = Files.lines(log.get(), StandardCharsets.UTF_8)) {
            bad = errorsBeforeReady(lines);
        }
        return result(id, item, title, bad.isEmpty(), bad.isEmpty()
                ? log.get().getFileName() + " up to the server's ready message (CWWKF0011I): no ERROR, no FATAL line"
                : "ERROR/FATAL lines before the server was ready: " + limited(bad),
                "grep -E ' [EF] |FATAL' <server>/logs/messages.log");
    }

    /**
     * The limits the request filter enforces right now (the throttle store's own reading of its
     * settings). A bucket refilling faster than {@link #MAX_CREDENTIAL_RATE} per credential or
     * {@link #MAX_SOURCE_RATE} per source address limits nothing a flood would notice.
     */
    /**
     * The ERROR ({@code " E "}), FATAL ({@code " F "} or the word) lines of a Liberty
     * {@code messages.log} before the server's ready message (CWWKF0011I), each cut to 160
     * characters. Lines after it are the running server's business, not the startup's.
     */
    static List<String> errorsBeforeReady(Stream<String> lines) {
        List<String> bad = new ArrayList<>();
        Iterator<String> it = lines.iterator();
        while (it.hasNext()) {
            String line = it.next();
            if (line.contains("CWWKF0011I")) {
                break;
            }
            if (line.contains(" E ") || line.contains(" F ") || line.contains("FATAL")) {
                bad.add(line.length() > 160 ? line.substring(0, 160) + "…" : line);
            }
        }
        return bad;
    }

    CheckResult rateLimits(String id, int item, String title) {
        Throttles.Settings s = throttles.settings();
        List<String> weak = new ArrayList<>();
        positiveAtMost(weak, "velocity.rate-limit.credential.per-second", s.credentialPerSecond(), MAX_CREDENTIAL_RATE);
        positiveAtMost(weak, "velocity.rate-limit.credential.capacity", s.credentialCapacity(), MAX_CREDENTIAL_RATE * 10);
        positiveAtMost(weak, "velocity.rate-limit.ip.per-second", s.ipPerSecond(), MAX_SOURCE_RATE);
        positiveAtMost(weak, "velocity.rate-limit.ip.capacity", s.ipCapacity(), MAX_SOURCE_RATE * 10);
        return result(id, item, title, weak.isEmpty(), (weak.isEmpty() ? "" : "not an effective limit: "
                + String.join("; ", weak) + ". ") + "In force: token buckets of " + s.credentialCapacity() + " refilling "
                + s.credentialPerSecond() + "/s per credential, " + s.ipCapacity() + " refilling " + s.ipPerSecond()
                + "/s per source address (429 RATE_LIMITED with Retry-After)",
                "for i in $(seq 300); do curl -s -o /dev/null -w '%{http_code}\\n' -H \"Authorization: Bearer $KEY\" "
                        + "$URL/api/v1/schemas; done | sort | uniq -c   # expect 429s");
    }

    CheckResult lockout(String id, int item, String title) {
        Throttles.Settings s = throttles.settings();
        List<String> weak = new ArrayList<>();
        positiveAtMost(weak, "velocity.lockout.attempts", s.lockoutAttempts(), MAX_LOCKOUT_ATTEMPTS);
        if (s.lockoutSeconds() < MIN_LOCKOUT_SECONDS) {
            weak.add("velocity.lockout.duration-seconds=" + s.lockoutSeconds() + " (at least " + MIN_LOCKOUT_SECONDS + ")");
        }
        if (s.lockoutWindowSeconds() < MIN_LOCKOUT_SECONDS) {
            weak.add("velocity.lockout.window-seconds=" + s.lockoutWindowSeconds() + " (at least " + MIN_LOCKOUT_SECONDS
                    + ")");
        }
        return result(id, item, title, weak.isEmpty(), (weak.isEmpty() ? "" : "not an effective lockout: "
                + String.join("; ", weak) + ". ") + "In force: locked for " + s.lockoutSeconds() + " s after "
                + s.lockoutAttempts() + " refused credentials within " + s.lockoutWindowSeconds()
                + " s (per source address and per user; 423 LOCKED_OUT)", "");
    }

    private static void positiveAtMost(List<String> weak, String key, int value, int max) {
        if (value < 1 || value > max) {
            weak.add(key + "=" + value + (value < 1 ? " (every request is refused)" : " (above " + max + ")"));
        }
    }

    private CheckResult keyAge(String id, int item, String title) throws SQLException {
        long old = sql.count(JdbcChecks.OLD_ACTIVE_KEYS, KEY_ROTATION_DAYS);
        return new CheckResult(id, item, title, old == 0 ? CheckStatus.PASS : CheckStatus.WARN, old == 0
                ? "no active API key older than " + KEY_ROTATION_DAYS + " days"
                : old + " active API key(s) older than " + KEY_ROTATION_DAYS + " days: rotate them "
                + "(POST /api/v1/api-keys/{id}/rotate)", "velocity api-key list");
    }

    private CheckResult idempotency(String id, int item, String title) throws SQLException {
        long stale = sql.count(JdbcChecks.STALE_IDEMPOTENCY_KEYS);
        return result(id, item, title, stale == 0, "idempotency keys expired for more than an hour and still stored: "
                + stale + " (the expiry timer runs every 10 minutes)", "");
    }

    private CheckResult retention(String id, int item, String title) throws SQLException {
        List<String> without = sql.strings(JdbcChecks.NAMESPACES_WITHOUT_RETENTION);
        return new CheckResult(id, item, title, without.isEmpty() ? CheckStatus.PASS : CheckStatus.WARN,
                without.isEmpty() ? "every namespace with record types has an audit retention policy"
                        : "namespaces keeping their audit log forever by default (no policy): " + limited(without),
                "velocity apply -f retention.yaml (kind: RetentionPolicy); GET /api/v1/audit/retention");
    }

    private CheckResult configSecrets(String id, int item, String title) throws IOException {
        Optional<Path> dir = string("server.config.dir").map(Path::of).or(() -> Optional.ofNullable(
                System.getenv("SERVER_CONFIG_DIR")).map(Path::of));
        if (dir.isEmpty() || !Files.isDirectory(dir.get())) {
            return new CheckResult(id, item, title, CheckStatus.WARN, "the server's configuration directory was not "
                    + "found; check server.xml and configDropins by hand", "");
        }
        List<String> literal = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir.get(), 3)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".xml")).toList()) {
                String text = Files.readString(f, StandardCharsets.UTF_8);
                var variables = SECRET_VARIABLE.matcher(text);
                while (variables.find()) {
                    String name = variables.group(1);
                    if (!name.toLowerCase(Locale.ROOT).matches(".*[-._]file")) {
                        literal.add(dir.get().relativize(f) + " (" + name + ")");
                    }
                }
                var attributes = PASSWORD_ATTRIBUTE.matcher(text);
                while (attributes.find()) {
                    literal.add(dir.get().relativize(f) + " (password attribute)");
                }
            }
        }
        return result(id, item, title, literal.isEmpty(), literal.isEmpty()
                ? "server.xml, its includes and configDropins hold no literal password, secret or token: secrets come "
                + "from the environment, server.env or key files"
                : "literal secrets in configuration files (values not shown): " + limited(literal),
                "grep -rE 'password=\\\"[^$]' <server config dir>");
    }

    private Optional<Path> messagesLog() {
        Optional<String> logDir = Optional.ofNullable(System.getenv("LOG_DIR")).or(() -> string("server.output.dir")
                .map(d -> d + "/logs"));
        return logDir.map(d -> Path.of(d, "messages.log")).filter(Files::isRegularFile);
    }

    private Optional<String> string(String key) {
        return config.getOptionalValue(key, String.class).map(String::trim).filter(v -> !v.isEmpty());
    }

    private int integer(String key, int fallback) {
        try {
            return string(key).map(Integer::parseInt).orElse(fallback);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static boolean loopback(String host) {
        return host == null || host.equals("localhost") || host.startsWith("127.") || host.equals("::1")
                || host.equals("[::1]");
    }

    private static String limited(List<String> items) {
        return items.size() <= 10 ? String.join(", ", items)
                : String.join(", ", items.subList(0, 10)) + " and " + (items.size() - 10) + " more";
    }
}
