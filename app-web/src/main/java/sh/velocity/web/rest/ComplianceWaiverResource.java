package sh.velocity.web.rest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import sh.velocity.compliance.api.ComplianceWaivers;
import sh.velocity.compliance.api.WaiverView;
import sh.velocity.kernel.json.Jsonp;

/**
 * {@code /compliance/waivers}: {@code POST {pack, control, schema, justification, ttl | expiresAt}}
 * grants a waiver (201), {@code GET} lists the active ones ({@code ?all=true}: expired and revoked
 * too), {@code DELETE /{id}} revokes one and answers it. Granting and revoking need
 * {@code compliance.waive} on {@code *}; listing needs {@code compliance.read}.
 */
@ApplicationScoped
@Path("compliance/waivers")
@Produces(MediaType.APPLICATION_JSON)
public class ComplianceWaiverResource {

    @Inject
    ComplianceWaivers waivers;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(JsonObject body) {
        JsonObject b = Json.requireObject(body);
        WaiverView w = waivers.create(Json.string(b, "pack"), Json.string(b, "control"), Json.string(b, "schema"),
                Json.string(b, "justification"), Json.string(b, "ttl"), Json.string(b, "expiresAt"));
        return Response.created(URI.create("compliance/waivers/" + w.id())).entity(json(w)).build();
    }

    @GET
    public JsonObject list(@QueryParam("all") @DefaultValue("false") boolean all) {
        var items = Jsonp.createArrayBuilder();
        waivers.list(all).forEach(w -> items.add(json(w)));
        return Jsonp.createObjectBuilder().add("items", items).addNull("nextCursor").build();
    }

    @DELETE
    @Path("{id}")
    public JsonObject revoke(@PathParam("id") String id) {
        return json(waivers.revoke(id));
    }

    private static JsonObject json(WaiverView w) {
        JsonObjectBuilder b = Jsonp.createObjectBuilder().add("id", w.id()).add("namespace", w.namespace())
                .add("pack", w.pack()).add("control", w.control()).add("schema", w.schema())
                .add("justification", w.justification()).add("createdBy", w.createdBy())
                .add("createdAt", w.createdAt().toString()).add("expiresAt", w.expiresAt().toString());
        CompliancePackResource.nullable(b, "revokedAt", w.revokedAt() == null ? null : w.revokedAt().toString());
        CompliancePackResource.nullable(b, "revokedBy", w.revokedBy());
        return b.add("status", w.status()).build();
    }
}
