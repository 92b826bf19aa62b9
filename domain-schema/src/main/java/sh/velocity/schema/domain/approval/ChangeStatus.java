package sh.velocity.schema.domain.approval;

import java.util.Locale;
import java.util.Optional;

/** Where a change request stands. Only {@code PENDING → APPROVED | REJECTED} and {@code APPROVED → APPLIED} exist. */
public enum ChangeStatus {
    PENDING, APPROVED, REJECTED, APPLIED;

    /** As stored and as sent on the wire: {@code pending}, {@code approved}, … */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ChangeStatus> fromWire(String name) {
        for (ChangeStatus s : values()) {
            if (s.wireName().equals(name)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
