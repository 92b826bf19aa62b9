package sh.velocity.compliance.domain.packs;

/**
 * The verdict of one control on one schema (or one of its fields, for field-scoped controls):
 * {@code message} is the control's message, with the evaluation error when the rule could not be
 * evaluated (which fails the control); {@code waiver} names the waiver of a {@link Status#WAIVED}
 * finding.
 */
public record Finding(String pack, Control control, String field, Status status, String message, String waiver) {

    public enum Status {
        PASS, FAIL, WAIVED, NOT_APPLICABLE;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }
}
