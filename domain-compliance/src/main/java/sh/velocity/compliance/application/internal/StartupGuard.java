package sh.velocity.compliance.application.internal;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.util.List;
import java.util.logging.Logger;
import sh.velocity.compliance.infrastructure.persistence.RoleInspection;

/**
 * Refuses to serve when the database role is misconfigured (CONTRACT.md §3), logging one line per
 * problem starting with {@code FATAL}. The verdict is reached at start-up, before the application
 * takes traffic. When the database cannot be reached then, the gate stays closed and a timer
 * retries every five seconds until the check can be made. A misconfiguration keeps the gate closed
 * until restart: fix the role, then restart, as the hardening checklist says. It runs outside any
 * container transaction; the bootstrap it triggers has its own.
 */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class StartupGuard {

    private static final Logger LOG = Logger.getLogger(StartupGuard.class.getName());

    @Inject
    RoleInspection inspection;

    @Inject
    PlatformBootstrap bootstrap;

    @Inject
    ServingVerdict verdict;

    private volatile boolean decided;

    @PostConstruct
    void atStartup() {
        check();
    }

    @Schedule(hour = "*", minute = "*", second = "*/5", persistent = false)
    void retryUntilDecided() {
        if (!decided) {
            check();
        }
    }

    private synchronized void check() {
        if (decided) {
            return;
        }
        List<String> problems;
        try {
            problems = inspection.problems();
        } catch (SQLException e) {
            verdict.refuse("the database cannot be reached to check the server's role");
            LOG.warning("Startup guard: the database cannot be reached (SQLState " + e.getSQLState()
                    + "); API calls are refused until it can.");
            return;
        }
        if (!problems.isEmpty()) {
            decided = true;
            problems.forEach(p -> LOG.severe("FATAL " + p));
            verdict.refuse(String.join(" ", problems) + " Fix the role and restart the server.");
            return;
        }
        if (bootstrap.run()) {
            decided = true;
            verdict.serve();
            LOG.info("Startup guard: database role checked (no SUPERUSER, no BYPASSRLS, no CREATE); serving.");
        } else {
            verdict.refuse("the bootstrap credentials could not be issued");
        }
    }
}
