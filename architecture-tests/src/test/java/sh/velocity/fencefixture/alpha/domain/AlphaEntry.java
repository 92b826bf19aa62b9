package sh.velocity.fencefixture.alpha.domain;

import java.sql.Timestamp;

/** Violation (domain not framework-free): the domain model uses a JDBC type. */
public record AlphaEntry(String id, Timestamp recordedAt) {
}
