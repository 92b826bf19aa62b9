package sh.velocity.web.rest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import sh.velocity.audit.api.AuditEvent;
import sh.velocity.audit.api.AuditRetention;
import sh.velocity.auth.api.Authorizer;
import sh.velocity.auth.api.Verb;
import sh.velocity.kernel.json.Jsonp;
import sh.velocity.kernel.problem.ErrorCode;
import sh.velocity.kernel.problem.VelocityException;

/**
 * {@code /audit/retention}, {@code /audit/legal-holds}, {@code /audit/partitions}: retention per
 * namespace, legal holds, and the month partitions retention drops. Reading needs
 * {@code audit.read} on {@code *}; changing anything needs {@code audit.manage} on {@code *}.
 */
@ApplicationScoped
@Path("audit")
@Produces(MediaType.APPLICATION_JSON)
public class AuditRetentionResource {

    private static final Pattern DAYS = Pattern.compile("([1-9][0-9]{0,5})d");

    @Inject
    AuditRetention retention;

    @Inject
    Authorizer authorizer;

    @GET
    @Path("retention")
    public Page<JsonObject> policies() {
        read("audit.retention.list");
        return new Page<>(retention.policies().stream().map(AuditRetentionResource::json).toList(), null);
    }

    /** Body {@code {"retain": "400d"}} or {@code {"retain": "forever"}}; at least 30 days. */
    @PUT
    @Path("retention/{namespace}")
    @Consumes(MediaType.APPLICATION_JSON)
    public JsonObject setPolicy(@PathParam("namespace") String namespace, JsonObject body) {
        manage("audit.retention.set");
        Integer days = retainDays(Json.string(Json.requireObject(body), "retain"));
        return json(retention.setPolicy(namespace, days));
    }

    /** Runs retention now, as the daily timer does; one outcome per expired month. */
    @POST
    @Path("retention/run")
    public JsonObject run() {
        manage("audit.retention.run");
        JsonArrayBuilder outcomes = Jsonp.createArrayBuilder();
        for (AuditRetention.Outcome o : retention.run()) {
            JsonObjectBuilder b = Jsonp.createObjectBuilder().add("namespace", o.namespace())
                    .add("month", o.month()).add("dropped", o.dropped()).add("events", o.events())
                    .add("chains", Jsonp.createArrayBuilder(o.chains()));
            if (o.reason() != null) {
                b.add("reason", o.reason());
            }
            outcomes.add(b);
        }
        return Jsonp.createObjectBuilder().add("items", outcomes).build();
    }

    /** Body {@code {"namespace", "from", "to", "reason"}} (RFC 3339 instants); 201 with the hold. */
    @POST
    @Path("legal-holds")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response placeHold(JsonObject body) {
        manage("audit.legalhold.place");
        Json.requireObject(body);
        AuditRetention.LegalHold hold = retention.placeHold(Json.string(body, "namespace"), instant(body, "from"),
                instant(body, "to"), Json.string(body, "reason"));
        return Response.created(URI.create("audit/legal-holds/" + hold.id())).entity(json(hold)).build();
    }

    @GET
    @Path("legal-holds")
    public Page<JsonObject> holds(@QueryParam("namespace") String namespace,
                                  @QueryParam("released") @DefaultValue("false") boolean released) {
        read("audit.legalhold.list");
        return new Page<>(retention.holds(namespace, released).stream().map(AuditRetentionResource::json).toList(),
                null);
    }

    /** Body {@code {"reason"}}; a release is recorded with who and why, the hold row stays. */
    @POST
    @Path("legal-holds/{id}/release")
    @Consumes(MediaType.APPLICATION_JSON)
    public JsonObject release(@PathParam("id") String id, JsonObject body) {
        manage("audit.legalhold.release");
        UUID uuid;
        try {
            uuid = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new VelocityException(ErrorCode.NOT_FOUND, "No legal hold " + id + ".");
        }
        return json(retention.releaseHold(uuid, Json.string(Json.requireObject(body), "reason")));
    }

    @GET
    @Path("partitions")
    public Page<JsonObject> partitions(@QueryParam("namespace") String namespace) {
        read("audit.partitions.list");
        List<JsonObject> items = retention.partitions(namespace).stream().map(p -> {
            JsonObjectBuilder b = Jsonp.createObjectBuilder().add("namespace", p.namespace())
                    .add("month", p.month()).add("table", p.table()).add("createdAt", p.createdAt().toString());
            if (p.droppedAt() != null) {
                b.add("droppedAt", p.droppedAt().toString()).add("droppedEvents", p.droppedEvents());
            }
            return b.build();
        }).toList();
        return new Page<>(items, null);
    }

    private void read(String operation) {
        authorizer.require(Verb.AUDIT_READ, Verb.PLATFORM_SCOPE, AuditEvent.PLATFORM_CHAIN, operation);
    }

    private void manage(String operation) {
        authorizer.require(Verb.AUDIT_MANAGE, Verb.PLATFORM_SCOPE, AuditEvent.PLATFORM_CHAIN, operation);
    }

    private static OffsetDateTime instant(JsonObject body, String name) {
        JsonValue v = body == null ? null : body.get(name);
        if (!(v instanceof JsonString s)) {
            throw new VelocityException(ErrorCode.VALIDATION_FAILED, name + " is required (RFC 3339, e.g. 2026-01-31T00:00:00Z).");
        }
        try {
            return OffsetDateTime.parse(s.getString());
        } catch (DateTimeParseException e) {
            throw new VelocityException(ErrorCode.VALIDATION_FAILED, name + " is not an RFC 3339 date-time.");
        }
    }

    /**
     * {@code "400d"} → 400, {@code "forever"} → null (keep forever); anything else is refused with
     * {@code VALIDATION_FAILED}. The server checks the policy's minimum.
     */
    static Integer retainDays(String retain) {
        if (retain == null) {
            throw new VelocityException(ErrorCode.VALIDATION_FAILED, "retain is required: \"400d\" or \"forever\".");
        }
        if ("forever".equals(retain)) {
            return null;
        }
        Matcher m = DAYS.matcher(retain);
        if (!m.matches()) {
            throw new VelocityException(ErrorCode.VALIDATION_FAILED,
                    "retain is a number of days like \"400d\", or \"forever\".");
        }
        return Integer.valueOf(m.group(1));
    }

    static JsonObject json(AuditRetention.Policy p) {
        return Jsonp.createObjectBuilder().add("namespace", p.namespace())
                .add("retain", p.retainDays() == null ? "forever" : p.retainDays() + "d")
                .add("updatedAt", p.updatedAt().toString()).add("updatedBy", p.updatedBy()).build();
    }

    private static JsonObject json(AuditRetention.LegalHold h) {
        JsonObjectBuilder b = Jsonp.createObjectBuilder().add("id", h.id().toString())
                .add("namespace", h.namespace()).add("from", h.from().toString()).add("to", h.to().toString())
                .add("reason", h.reason()).add("createdBy", h.createdBy()).add("createdAt", h.createdAt().toString());
        if (h.releasedAt() != null) {
            b.add("releasedAt", h.releasedAt().toString()).add("releasedBy", h.releasedBy())
                    .add("releaseReason", h.releaseReason());
        }
        return b.build();
    }
}
