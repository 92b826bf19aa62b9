package sh.velocity.fencefixture.alpha.api;

import sh.velocity.fencefixture.alpha.domain.AlphaEntry;

/** Violation (api not self-contained): the api hands out a domain entity. */
public interface AlphaLedger {
    AlphaEntry latest();
}
