package sh.velocity.audit.application.internal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;
import sh.velocity.audit.api.AuditEvent;
import sh.velocity.audit.api.AuditTrail;
import sh.velocity.audit.infrastructure.persistence.JdbcRetention;
import sh.velocity.kernel.json.Jsonp;

/**
 * The transactions of a retention run, each its own: reading what expired, and dropping one month
 * together with the audit event that records it (both commit or neither does).
 */
@ApplicationScoped
public class RetentionDrops {

    @Inject
    JdbcRetention store;

    @Inject
    AuditTrail audit;

    /** The database refused the drop (policy, hold or anchors no longer match); nothing changed. */
    public static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message);
        }
    }

    @Transactional
    public List<JdbcRetention.Partition> expired() throws SQLException {
        return store.expired();
    }

    @Transactional
    public List<JdbcRetention.Hold> holdsOver(String org, LocalDate month) throws SQLException {
        return store.holdsOver(org, month);
    }

    @Transactional
    public List<JdbcRetention.ChainRange> chainRanges(String org, LocalDate month) throws SQLException {
        return store.chainRanges(org, month);
    }

    /** Drops the month with its anchors and audits it; returns the events dropped. */
    @Transactional(rollbackOn = {SQLException.class, Refused.class})
    public long drop(String org, LocalDate month, String anchorsJson, List<String> chains)
            throws SQLException, Refused {
        long events;
        try {
            events = store.drop(org, month, anchorsJson);
        } catch (SQLException e) {
            String state = e.getSQLState();
            if (state != null && state.startsWith("VR")) {
                throw new Refused(firstLine(e.getMessage()));
            }
            throw e;
        }
        String label = DateTimeFormatter.ofPattern("uuuu-MM").format(month);
        audit.append(AuditEvent.success(AuditEvent.PLATFORM_CHAIN, "audit.retention.drop",
                "audit/partitions/" + org + "/" + label, Jsonp.createObjectBuilder().add("namespace", org)
                        .add("month", label).add("events", events).add("chains", Jsonp.createArrayBuilder(chains))
                        .build()));
        return events;
    }

    private static String firstLine(String message) {
        String m = message == null ? "refused" : message;
        int nl = m.indexOf('\n');
        m = nl < 0 ? m : m.substring(0, nl);
        return m.startsWith("ERROR: ") ? m.substring("ERROR: ".length()) : m;
    }
}
