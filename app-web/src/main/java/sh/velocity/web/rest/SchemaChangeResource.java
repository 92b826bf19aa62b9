package sh.velocity.web.rest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.StringReader;
import java.net.URI;
import java.time.OffsetDateTime;
import java.util.List;
import sh.velocity.kernel.json.Jsonp;
import sh.velocity.kernel.problem.ErrorCode;
import sh.velocity.kernel.problem.VelocityException;
import sh.velocity.schema.api.SchemaChangeView;
import sh.velocity.schema.api.SchemaChanges;

/**
 * {@code /schema-changes}: the approval chain for protected namespaces. The author submits a
 * manifest (YAML or JSON, as for {@code POST /schemas}); a reviewer approves or rejects it; an admin
 * applies it. The server decides who may take which step; nothing in a request can change that.
 */
@ApplicationScoped
@Path("schema-changes")
@Produces(MediaType.APPLICATION_JSON)
public class SchemaChangeResource {

    @Inject
    SchemaChanges changes;

    @POST
    @Consumes({MediaType.APPLICATION_JSON, "application/yaml", "application/x-yaml", "text/yaml",
            MediaType.TEXT_PLAIN})
    public Response submit(String manifest) {
        SchemaChangeView submitted = changes.submit(manifest == null ? "" : manifest);
        return Response.created(URI.create("schema-changes/" + submitted.id())).entity(json(submitted)).build();
    }

    @GET
    public JsonObject list(@QueryParam("status") String status, @QueryParam("cursor") String cursor,
                           @QueryParam("limit") @DefaultValue("100") int limit) {
        Long before = null;
        if (cursor != null && !cursor.isBlank()) {
            try {
                before = Long.parseLong(cursor);
            } catch (NumberFormatException e) {
                throw new VelocityException(ErrorCode.INVALID_REQUEST, "cursor is not one this server issued.");
            }
        }
        List<SchemaChangeView> page = changes.list(status, before, limit);
        var items = Jsonp.createArrayBuilder();
        page.forEach(c -> items.add(json(c)));
        JsonObjectBuilder body = Jsonp.createObjectBuilder().add("items", items);
        if (page.size() == limit) {
            body.add("nextCursor", Long.toString(page.get(page.size() - 1).seq()));
        } else {
            body.addNull("nextCursor");
        }
        return body.build();
    }

    @GET
    @Path("{id}")
    public JsonObject show(@PathParam("id") String id) {
        return json(changes.show(id));
    }

    /** Body {@code {"comment": "…"}}, optional. */
    @POST
    @Path("{id}/approve")
    @Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
    public JsonObject approve(@PathParam("id") String id, String body) {
        return json(changes.approve(id, Json.string(optionalObject(body), "comment")));
    }

    /** Body {@code {"reason": "…"}}, required: the author needs to know what to fix. */
    @POST
    @Path("{id}/reject")
    @Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
    public JsonObject reject(@PathParam("id") String id, String body) {
        return json(changes.reject(id, Json.string(optionalObject(body), "reason")));
    }

    /** No body: what is applied is the manifest as submitted and reviewed. */
    @POST
    @Path("{id}/apply")
    public JsonObject apply(@PathParam("id") String id) {
        return json(changes.apply(id));
    }

    private static JsonObject optionalObject(String body) {
        if (body == null || body.isBlank()) {
            return JsonValue.EMPTY_JSON_OBJECT;
        }
        try (JsonReader reader = Jsonp.createReader(new StringReader(body))) {
            return reader.readObject();
        } catch (JsonException | IllegalStateException e) {
            throw new VelocityException(ErrorCode.INVALID_REQUEST, "The body must be a JSON object.");
        }
    }

    static JsonObject json(SchemaChangeView c) {
        JsonObjectBuilder b = Jsonp.createObjectBuilder()
                .add("id", c.id())
                .add("schemaPath", c.schemaPath())
                .add("status", c.status())
                .add("changes", Jsonp.createArrayBuilder(c.changes()))
                .add("breaking", c.breaking())
                .add("stale", c.stale());
        number(b, "baseGeneration", c.baseGeneration());
        b.add("submittedBy", c.submittedBy()).add("submittedAt", c.submittedAt().toString());
        text(b, "reviewedBy", c.reviewedBy());
        time(b, "reviewedAt", c.reviewedAt());
        text(b, "reviewReason", c.reviewReason());
        text(b, "appliedBy", c.appliedBy());
        time(b, "appliedAt", c.appliedAt());
        number(b, "appliedGeneration", c.appliedGeneration());
        if (c.manifest() != null) {
            b.add("manifest", c.manifest());
        }
        return b.build();
    }

    private static void text(JsonObjectBuilder b, String name, String value) {
        if (value == null) {
            b.addNull(name);
        } else {
            b.add(name, value);
        }
    }

    private static void time(JsonObjectBuilder b, String name, OffsetDateTime value) {
        text(b, name, value == null ? null : value.toString());
    }

    private static void number(JsonObjectBuilder b, String name, Integer value) {
        if (value == null) {
            b.addNull(name);
        } else {
            b.add(name, value);
        }
    }
}
