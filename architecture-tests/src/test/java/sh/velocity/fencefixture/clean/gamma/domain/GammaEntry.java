package sh.velocity.fencefixture.clean.gamma.domain;

import java.time.Instant;

/** Plain model: no framework, no JDBC. */
public record GammaEntry(String title, Instant addedAt) {
}
