package sh.velocity.audit.api;

import jakarta.json.JsonObject;
import java.util.Objects;

/**
 * One audited action. {@code chain} is a schema path or {@link #PLATFORM_CHAIN}; {@code payload}
 * must already be masked by the caller (the audit log stores what it is given, forever).
 * Actor, request id and source IP are taken from the request, not from the caller.
 */
public record AuditEvent(String chain, String operation, String resource, AuditResult result,
                         String failMode, JsonObject payload) {

    /** Keys, bindings, logins, policy edits: everything that is not about one schema's records. */
    public static final String PLATFORM_CHAIN = "platform";

    public AuditEvent {
        Objects.requireNonNull(chain, "chain");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(result, "result");
        payload = payload == null ? jakarta.json.JsonValue.EMPTY_JSON_OBJECT : payload;
    }

    public static AuditEvent success(String chain, String operation, String resource, JsonObject payload) {
        return new AuditEvent(chain, operation, resource, AuditResult.SUCCESS, null, payload);
    }

    public static AuditEvent denied(String chain, String operation, String resource, String failMode) {
        return new AuditEvent(chain, operation, resource, AuditResult.DENIED, failMode, null);
    }

    public static AuditEvent failure(String chain, String operation, String resource, String failMode) {
        return new AuditEvent(chain, operation, resource, AuditResult.FAILURE, failMode, null);
    }
}
