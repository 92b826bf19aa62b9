package sh.velocity.web.console;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import sh.velocity.audit.api.AuditEvent;
import sh.velocity.audit.api.AuditEventView;
import sh.velocity.audit.api.AuditMonitor;
import sh.velocity.audit.api.AuditQueries;
import sh.velocity.audit.api.AuditVerifier;
import sh.velocity.audit.api.ChainVerification;
import sh.velocity.auth.api.Authorizer;
import sh.velocity.auth.api.Verb;
import sh.velocity.kernel.SchemaPath;
import sh.velocity.kernel.problem.ErrorCode;
import sh.velocity.kernel.problem.VelocityException;
import sh.velocity.schema.api.RecordTypes;
import sh.velocity.schema.api.SchemaAdministration;
import sh.velocity.schema.api.SchemaSummary;

/**
 * Audit events of one chain with filters, and verification on demand, with the checks of
 * {@code /api/v1/audit}: {@code audit.read} on the chain's path ({@code *} for the platform chain
 * and for verifying every chain). "Verify all" re-runs the periodic verification, whose result is
 * the tampering banner on every page (and the readiness check).
 */
@Named("audit")
@RequestScoped
public class AuditPage {

    private static final int EVENTS = 100;

    @Inject
    AuditQueries queries;

    @Inject
    AuditVerifier verifier;

    @Inject
    AuditMonitor monitor;

    @Inject
    Authorizer authorizer;

    @Inject
    RecordTypes recordTypes;

    @Inject
    SchemaAdministration schemas;

    @Inject
    ConsoleMessages messages;

    private String chain = AuditEvent.PLATFORM_CHAIN;
    private String operation;
    private String result;
    private String actor;
    private List<String> chains = List.of();
    private List<AuditEventView> events;
    private ChainVerification verification;
    private List<ChainVerification> verifiedAll;

    @PostConstruct
    void init() {
        List<String> all = new ArrayList<>();
        all.add(AuditEvent.PLATFORM_CHAIN);
        List<SchemaSummary> visible = messages.attempt("schema.list", "schemas", false, schemas::list);
        if (visible != null) {
            visible.forEach(s -> all.add(s.schemaPath()));
        }
        chains = all;
    }

    /** Events of the chosen chain, newest first, narrowed by the filters (loaded once per request). */
    public List<AuditEventView> getEvents() {
        if (events == null) {
            List<AuditEventView> found = messages.attempt("audit.read", chain, false, () -> {
                authorize(chain);
                return queries.events(chain, null, EVENTS);
            });
            events = found == null ? List.of() : found.stream().filter(this::matches).toList();
        }
        return events;
    }

    private boolean matches(AuditEventView e) {
        return contains(e.operation(), operation) && contains(e.result(), result) && contains(e.actor(), actor);
    }

    private static boolean contains(String value, String wanted) {
        return wanted == null || wanted.isBlank()
                || (value != null && value.toLowerCase(Locale.ROOT).contains(wanted.trim().toLowerCase(Locale.ROOT)));
    }

    public void show() {
        events = null;
    }

    public void verify() {
        verification = messages.attempt("audit.verify", chain, false, () -> {
            authorize(chain);
            return verifier.verify(chain);
        });
    }

    public void verifyAll() {
        verifiedAll = messages.attempt("audit.verify-all", "audit", false, () -> {
            authorizer.require(Verb.AUDIT_READ, Verb.PLATFORM_SCOPE, AuditEvent.PLATFORM_CHAIN, "audit.read");
            return monitor.verifyAll();
        });
    }

    /** As {@code AuditResource}: {@code audit.read} on the path (or {@code *}), and the schema must exist. */
    private void authorize(String name) {
        if (AuditEvent.PLATFORM_CHAIN.equals(name)) {
            authorizer.require(Verb.AUDIT_READ, Verb.PLATFORM_SCOPE, AuditEvent.PLATFORM_CHAIN, "audit.read");
            return;
        }
        SchemaPath path;
        try {
            path = SchemaPath.parse(name);
        } catch (IllegalArgumentException e) {
            throw new VelocityException(ErrorCode.INVALID_REQUEST, e.getMessage());
        }
        authorizer.require(Verb.AUDIT_READ, path.toString(), AuditEvent.PLATFORM_CHAIN, "audit.read");
        if (recordTypes.find(path).isEmpty()) {
            throw new VelocityException(ErrorCode.NOT_FOUND, "No schema " + path + ".");
        }
    }

    public List<String> getChains() {
        return chains;
    }

    public ChainVerification getVerification() {
        return verification;
    }

    public List<ChainVerification> getVerifiedAll() {
        return verifiedAll;
    }

    public String getChain() {
        return chain;
    }

    public void setChain(String chain) {
        this.chain = chain == null || chain.isBlank() ? AuditEvent.PLATFORM_CHAIN : chain;
    }

    public String getOperation() {
        return operation;
    }

    public void setOperation(String operation) {
        this.operation = operation;
    }

    public String getResult() {
        return result;
    }

    public void setResult(String result) {
        this.result = result;
    }

    public String getActor() {
        return actor;
    }

    public void setActor(String actor) {
        this.actor = actor;
    }
}
