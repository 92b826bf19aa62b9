package sh.velocity.fencefixture.cli;

import sh.velocity.fencefixture.alpha.application.AlphaLedgerImpl;

/** Violation: a CLI class that uses a module's application layer, which needs a server. */
public class ShellCommand {
    public String run(AlphaLedgerImpl ledger) {
        return ledger.latest().id();
    }
}
