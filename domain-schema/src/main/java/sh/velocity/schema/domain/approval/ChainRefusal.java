package sh.velocity.schema.domain.approval;

/** A step the approval chain does not allow, with the rule it breaks and a sentence a person can act on. */
public final class ChainRefusal extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Which rule of the chain a step breaks. */
    public enum Rule {
        /** The author reviewing (approving or rejecting) their own change. */
        AUTHOR_REVIEWS,
        /** The author or the reviewer applying: every step needs a principal of its own. */
        SECOND_STEP_BY_ONE_PRINCIPAL,
        /** Approve or reject on a change that is no longer pending. */
        NOT_PENDING,
        /** Apply on a change that is not approved (pending, rejected, or already applied). */
        NOT_APPROVED;

        /** Broken separation of duties (403), as opposed to a step out of order (409). */
        public boolean separationOfDuties() {
            return this == AUTHOR_REVIEWS || this == SECOND_STEP_BY_ONE_PRINCIPAL;
        }
    }

    private final Rule rule;

    public ChainRefusal(Rule rule, String message) {
        super(message, null, false, false);
        this.rule = rule;
    }

    public Rule rule() {
        return rule;
    }
}
