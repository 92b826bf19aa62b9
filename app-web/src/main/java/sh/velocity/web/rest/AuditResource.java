package sh.velocity.web.rest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.util.List;
import sh.velocity.audit.api.AuditCheckpoints;
import sh.velocity.audit.api.AuditEvent;
import sh.velocity.audit.api.AuditEventView;
import sh.velocity.audit.api.AuditExports;
import sh.velocity.audit.api.AuditMonitor;
import sh.velocity.audit.api.AuditQueries;
import sh.velocity.audit.api.AuditTrail;
import sh.velocity.audit.api.AuditVerifier;
import sh.velocity.audit.api.ChainVerification;
import sh.velocity.auth.api.Authorizer;
import sh.velocity.auth.api.Verb;
import sh.velocity.kernel.SchemaPath;
import sh.velocity.kernel.json.Jsonp;
import sh.velocity.kernel.problem.ErrorCode;
import sh.velocity.kernel.problem.VelocityException;
import sh.velocity.schema.api.RecordTypes;

/**
 * {@code /audit}: events and verification of one chain, named by {@code schema} (a schema path,
 * or {@code platform} for the platform chain). Needs {@code audit.read} on that path
 * ({@code audit.export} for the export).
 */
@ApplicationScoped
@Path("audit")
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {

    @Inject
    AuditVerifier verifier;

    @Inject
    AuditQueries queries;

    @Inject
    Authorizer authorizer;

    @Inject
    RecordTypes recordTypes;

    @Inject
    AuditCheckpoints checkpoints;

    @Inject
    AuditTrail audit;

    @Inject
    AuditMonitor monitor;

    @Inject
    AuditExports exports;

    /**
     * Verifies every chain now, each one whole (the fifteen-minute timer reads only what is new,
     * and each whole chain less often; {@code audit.read} on {@code *}); the result feeds {@code velocity_audit_tampering_detected} and readiness.
     */
    @POST
    @Path("verify-all")
    public JsonObject verifyAll() {
        authorizer.require(Verb.AUDIT_READ, Verb.PLATFORM_SCOPE, AuditEvent.PLATFORM_CHAIN, "audit.read");
        var tampered = Jsonp.createArrayBuilder();
        for (ChainVerification v : monitor.verifyAll()) {
            tampered.add(Jsonp.createObjectBuilder().add("chain", v.chain()).add("firstBadEvent", v.firstBadEvent())
                    .add("reason", v.reason()));
        }
        return Jsonp.createObjectBuilder().add("tampered", tampered).build();
    }

    /** RFC 9162 inclusion proof of event {@code seq} in a signed checkpoint ({@code audit.read}). */
    @GET
    @Path("proof")
    public AuditCheckpoints.InclusionProof proof(@QueryParam("schema") String schema, @QueryParam("seq") Long seq,
                                                 @QueryParam("treeSize") Long treeSize) {
        String chain = chain(schema);
        if (seq == null) {
            throw new VelocityException(ErrorCode.INVALID_REQUEST, "Name the event: ?seq=<sequence number>.");
        }
        return checkpoints.inclusion(chain, seq, treeSize);
    }

    /** RFC 9162 consistency proof between two signed checkpoints of a chain ({@code audit.read}). */
    @GET
    @Path("consistency")
    public AuditCheckpoints.ConsistencyProof consistency(@QueryParam("schema") String schema,
                                                         @QueryParam("from") Long from, @QueryParam("to") Long to) {
        String chain = chain(schema);
        if (from == null || to == null) {
            throw new VelocityException(ErrorCode.INVALID_REQUEST, "Name both checkpoints: ?from=<size>&to=<size>.");
        }
        return checkpoints.consistency(chain, from, to);
    }

    /** The chain's newest signed checkpoints, newest first ({@code audit.read}). */
    @GET
    @Path("checkpoints")
    public Page<AuditCheckpoints.Checkpoint> checkpoints(@QueryParam("schema") String schema,
                                                         @QueryParam("limit") @DefaultValue("20") int limit) {
        String chain = chain(schema);
        if (limit < 1 || limit > 1000) {
            throw new VelocityException(ErrorCode.INVALID_REQUEST, "limit must be between 1 and 1000.");
        }
        return new Page<>(checkpoints.list(chain, limit), null);
    }

    /**
     * Seals every chain now instead of at the next minute ({@code audit.export} on {@code *}): before
     * an export, or to pin the log before maintenance. Audited.
     */
    @POST
    @Path("checkpoints")
    public JsonObject seal() {
        authorizer.require(Verb.AUDIT_EXPORT, Verb.PLATFORM_SCOPE, AuditEvent.PLATFORM_CHAIN, "audit.seal");
        int sealed = checkpoints.sealNow();
        audit.appendIndependently(AuditEvent.success(AuditEvent.PLATFORM_CHAIN, "audit.seal", "audit/checkpoints",
                Jsonp.createObjectBuilder().add("sealed", sealed).build()));
        return Jsonp.createObjectBuilder().add("sealed", sealed).build();
    }

    @GET
    @Path("verify")
    public JsonObject verify(@QueryParam("schema") String schema) {
        String chain = chain(schema);
        ChainVerification v = verifier.verify(chain);
        JsonObjectBuilder b = Jsonp.createObjectBuilder()
                .add("chain", v.chain())
                .add("valid", v.valid())
                .add("events", v.events())
                .add("tampered", v.tampered());
        if (v.firstBadEvent() != null) {
            b.add("firstBadEvent", v.firstBadEvent());
            b.add("reason", v.reason());
            if (v.expected() != null) {
                b.add("expected", v.expected());
            }
            if (v.actual() != null) {
                b.add("actual", v.actual());
            }
        }
        return b.build();
    }

    /**
     * The chain as {@code velocity-audit-export-v1} JSON Lines, streamed while it is read
     * ({@code audit.export} on the path, or on {@code *} for {@code ?schema=platform}). Audited on the
     * platform chain as {@code audit.export} before the first byte is sent, so an export that breaks
     * off is on record too.
     */
    @GET
    @Path("export")
    @Produces(AuditExports.MEDIA_TYPE)
    public Response export(@QueryParam("schema") String schema) {
        String chain = chain(schema, Verb.AUDIT_EXPORT, "audit.export");
        audit.appendIndependently(AuditEvent.success(AuditEvent.PLATFORM_CHAIN, "audit.export", "audit/export",
                Jsonp.createObjectBuilder().add("chain", chain).build()));
        StreamingOutput body = out -> exports.export(chain, out);
        return Response.ok(body, AuditExports.MEDIA_TYPE)
                .header("Content-Disposition", "attachment; filename=\"" + chain.replace('/', '_') + ".audit.jsonl\"")
                .build();
    }

    @GET
    @Path("events")
    public Page<AuditEventView> events(@QueryParam("schema") String schema, @QueryParam("cursor") String cursor,
                                       @QueryParam("limit") @DefaultValue("100") int limit) {
        String chain = chain(schema);
        if (limit < 1 || limit > 1000) {
            throw new VelocityException(ErrorCode.INVALID_REQUEST, "limit must be between 1 and 1000.");
        }
        Long before = null;
        if (cursor != null && !cursor.isBlank()) {
            try {
                before = Long.parseLong(cursor);
            } catch (NumberFormatException e) {
                throw new VelocityException(ErrorCode.INVALID_REQUEST, "cursor is not one this server issued.");
            }
        }
        List<AuditEventView> items = queries.events(chain, before, limit);
        String next = items.size() == limit ? Long.toString(items.get(items.size() - 1).seq()) : null;
        return new Page<>(items, next);
    }

    private String chain(String schema) {
        return chain(schema, Verb.AUDIT_READ, "audit.read");
    }

    /** The chain {@code schema} names, once the caller holds {@code verb} on it; 404 for a path with no record type. */
    private String chain(String schema, String verb, String operation) {
        if (schema == null || schema.isBlank()) {
            throw new VelocityException(ErrorCode.INVALID_REQUEST,
                    "Name the chain: ?schema=<namespace/domain/subdomain/name/version> or ?schema=platform.");
        }
        String scope;
        if (AuditEvent.PLATFORM_CHAIN.equals(schema)) {
            scope = Verb.PLATFORM_SCOPE;
        } else {
            SchemaPath path;
            try {
                path = SchemaPath.parse(schema);
            } catch (IllegalArgumentException e) {
                throw new VelocityException(ErrorCode.INVALID_REQUEST, e.getMessage());
            }
            scope = path.toString();
            authorizer.require(verb, scope, AuditEvent.PLATFORM_CHAIN, operation);
            if (recordTypes.find(path).isEmpty()) {
                throw new VelocityException(ErrorCode.NOT_FOUND, "No schema " + path + ".");
            }
            return schema;
        }
        authorizer.require(verb, scope, AuditEvent.PLATFORM_CHAIN, operation);
        return schema;
    }
}
