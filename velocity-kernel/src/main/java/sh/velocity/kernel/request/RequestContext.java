package sh.velocity.kernel.request;

import jakarta.enterprise.context.RequestScoped;
import java.util.Optional;

/**
 * The current request's identity facts. The web layer fills it after authentication; nothing else
 * writes it. An empty principal means "not authenticated", never "system".
 */
@RequestScoped
public class RequestContext {

    private String requestId = "none";
    private String sourceIp = "unknown";
    private String principal;
    private boolean refusalAudited;
    private String idempotencyKey;

    public String requestId() {
        return requestId;
    }

    public String sourceIp() {
        return sourceIp;
    }

    public Optional<String> principal() {
        return Optional.ofNullable(principal);
    }

    /** The authenticated principal, or the literal {@code anonymous} for audit records. */
    public String actor() {
        return principal == null ? "anonymous" : principal;
    }

    public void begin(String requestId, String sourceIp) {
        this.requestId = requestId;
        this.sourceIp = sourceIp;
    }

    public void authenticate(String principal) {
        this.principal = principal;
    }

    /** True once a denial or failure of this request has been written to the audit log. */
    public boolean refusalAudited() {
        return refusalAudited;
    }

    public void markRefusalAudited() {
        this.refusalAudited = true;
    }

    /** The Idempotency-Key this request claimed, if any: its write completes the key in the same transaction. */
    public Optional<String> idempotencyKey() {
        return Optional.ofNullable(idempotencyKey);
    }

    public void claimIdempotencyKey(String key) {
        this.idempotencyKey = key;
    }
}
