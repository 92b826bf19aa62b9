package sh.velocity.web.rest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import sh.velocity.compliance.api.AppliedPack;
import sh.velocity.compliance.api.CompliancePacks;
import sh.velocity.compliance.api.PackView;
import sh.velocity.kernel.json.Jsonp;

/**
 * {@code /compliance/packs}: the packs enabled per namespace (and those shipped), and disabling one.
 * Packs are applied through {@code POST /schemas} like every manifest; their results are
 * {@code GET /compliance/results} ({@link ComplianceResource}). Reading needs {@code compliance.read}
 * on {@code *}, disabling {@code compliance.manage} (checked by the compliance module).
 */
@ApplicationScoped
@Path("compliance/packs")
@Produces(MediaType.APPLICATION_JSON)
public class CompliancePackResource {

    @Inject
    CompliancePacks packs;

    /** {@code ?namespace=} to one organisation; {@code ?shipped=true} for the packs the server ships. */
    @GET
    public JsonObject list(@QueryParam("namespace") String namespace, @QueryParam("shipped") boolean shipped) {
        List<PackView> views = shipped ? packs.shipped() : packs.enabled(namespace);
        JsonArrayBuilder items = Jsonp.createArrayBuilder();
        views.forEach(v -> items.add(json(v)));
        return Jsonp.createObjectBuilder().add("items", items).addNull("nextCursor").build();
    }

    @DELETE
    @Path("{namespace}/{name}")
    public Response disable(@PathParam("namespace") String namespace, @PathParam("name") String name) {
        packs.disable(namespace, name);
        return Response.noContent().build();
    }

    /** The answer to {@code POST /schemas} with a CompliancePack: 201 created, 200 changed, 204 unchanged. */
    static Response applied(AppliedPack applied) {
        JsonObject body = Jsonp.createObjectBuilder().add("kind", "CompliancePack")
                .add("namespace", applied.namespace()).add("name", applied.name())
                .add("generation", applied.generation()).add("outcome", applied.outcome())
                .add("controls", applied.controls()).build();
        return switch (applied.outcome()) {
            case "created" -> Response.created(URI.create("compliance/packs?namespace=" + applied.namespace()))
                    .entity(body).build();
            case "changed" -> Response.ok(body).build();
            default -> Response.noContent().build();
        };
    }

    private static JsonObject json(PackView v) {
        JsonArrayBuilder controls = Jsonp.createArrayBuilder();
        v.controls().forEach(c -> controls.add(Jsonp.createObjectBuilder().add("id", c.id()).add("title", c.title())
                .add("severity", c.severity()).add("scope", c.scope()).add("when", c.when()).add("rule", c.rule())
                .add("message", c.message())));
        JsonObjectBuilder b = Jsonp.createObjectBuilder();
        nullable(b, "namespace", v.namespace());
        b.add("name", v.name());
        nullable(b, "builtin", v.builtin());
        b.add("title", v.title()).add("description", v.description()).add("generation", v.generation());
        nullable(b, "updatedAt", v.updatedAt() == null ? null : v.updatedAt().toString());
        nullable(b, "updatedBy", v.updatedBy());
        return b.add("controls", controls).build();
    }

    static void nullable(JsonObjectBuilder b, String name, String value) {
        if (value == null) {
            b.addNull(name);
        } else {
            b.add(name, value);
        }
    }
}
