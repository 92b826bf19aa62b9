package sh.velocity.fencefixture.alpha.application;

import java.sql.Timestamp;
import sh.velocity.fencefixture.alpha.api.AlphaLedger;
import sh.velocity.fencefixture.alpha.domain.AlphaEntry;
import sh.velocity.fencefixture.beta.api.BetaNotifications;

/**
 * Violations: named {@code *Impl}; and alpha uses beta although alpha declares no allowed
 * dependencies, which together with {@code BetaRecorder} closes the cycle alpha -> beta -> alpha.
 */
public class AlphaLedgerImpl implements AlphaLedger {
    private final BetaNotifications notifications;

    public AlphaLedgerImpl(BetaNotifications notifications) {
        this.notifications = notifications;
    }

    @Override
    public AlphaEntry latest() {
        AlphaEntry entry = new AlphaEntry("a-1", new Timestamp(0L));
        notifications.entryRead(entry.id());
        return entry;
    }
}
