package sh.velocity.kernel.problem;

/**
 * The stable, machine-readable error codes of the REST contract (CONTRACT.md §2) with their HTTP
 * status. Clients switch on {@link #name()}; changing one is a breaking change.
 */
public enum ErrorCode {
    VALIDATION_FAILED(400, "Validation failed"),
    CEL_TIMEOUT(400, "Validation rule timed out"),
    INVALID_MANIFEST(400, "Invalid manifest"),
    INVALID_REQUEST(400, "Invalid request"),
    IDEMPOTENCY_KEY_REQUIRED(400, "Idempotency key required"),
    UNAUTHENTICATED(401, "Unauthenticated"),
    FORBIDDEN(403, "Forbidden"),
    /** A step of the approval chain by a principal who already took another step of the same change. */
    SEPARATION_OF_DUTIES(403, "Separation of duties"),
    NOT_FOUND(404, "Not found"),
    METHOD_NOT_ALLOWED(405, "Method not allowed"),
    NOT_ACCEPTABLE(406, "Not acceptable"),
    BREAKING_CHANGE_NOT_APPROVED(409, "Breaking change not approved"),
    CONFLICT(409, "Conflict"),
    /** A manifest for a protected namespace sent anywhere but the approval chain ({@code /schema-changes}). */
    APPROVAL_REQUIRED(409, "Approval required"),
    /** Approve or reject of a change that is not pending, apply of one that is not approved. */
    INVALID_CHANGE_STATE(409, "Schema change not in the required state"),
    /** An approved change whose schema was changed by something else since it was submitted. */
    STALE_CHANGE(409, "Schema changed since the change was submitted"),
    IDEMPOTENCY_IN_PROGRESS(409, "Idempotent request still in progress"),
    PRECONDITION_FAILED(412, "Precondition failed"),
    PAYLOAD_TOO_LARGE(413, "Payload too large"),
    UNSUPPORTED_MEDIA_TYPE(415, "Unsupported media type"),
    IDEMPOTENCY_KEY_REUSED(422, "Idempotency key reused with another payload"),
    COMPLIANCE_VIOLATION(422, "Compliance controls fail"),
    LOCKED_OUT(423, "Locked out"),
    RATE_LIMITED(429, "Rate limited"),
    INTERNAL_ERROR(500, "Internal error"),
    /** A stored phi/pci/secret value failed authentication (altered, moved, or under an unknown key). */
    ENCRYPTED_VALUE_UNREADABLE(500, "Encrypted value unreadable"),
    AUDIT_UNAVAILABLE(503, "Audit log unavailable"),
    REVOCATION_UNAVAILABLE(503, "Revocation store unavailable"),
    CREDENTIAL_STORE_UNAVAILABLE(503, "Credential store unavailable"),
    SEARCH_UNAVAILABLE(503, "Search engine unavailable"),
    SERVER_MISCONFIGURED(503, "Server misconfigured");

    private final int status;
    private final String title;

    ErrorCode(int status, String title) {
        this.status = status;
        this.title = title;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }
}
