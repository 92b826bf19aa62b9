package sh.velocity.web.rest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
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
import java.util.List;
import sh.velocity.auth.api.ApiKeyView;
import sh.velocity.auth.api.ApiKeys;
import sh.velocity.auth.api.IssuedApiKey;
import sh.velocity.kernel.json.Jsonp;

/** {@code /api-keys}: the key's plaintext appears in the creation response and nowhere else. */
@ApplicationScoped
@Path("api-keys")
@Produces(MediaType.APPLICATION_JSON)
public class ApiKeyResource {

    @Inject
    ApiKeys keys;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(JsonObject body) {
        JsonObject b = Json.requireObject(body);
        IssuedApiKey issued = keys.create(Json.string(b, "name"), Json.string(b, "principal"),
                Json.stringOr(b, "ttl", "90d"), Json.strings(b, "roles"));
        return Response.created(URI.create("api-keys/" + issued.id())).entity(render(issued).build()).build();
    }

    @GET
    public Page<ApiKeyView> list(@QueryParam("expired") @DefaultValue("false") boolean expired) {
        List<ApiKeyView> items = keys.list(expired);
        return new Page<>(items, null);
    }

    @POST
    @Path("{id}/rotate")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response rotate(@PathParam("id") String id, JsonObject body) {
        JsonObject b = body == null ? jakarta.json.JsonValue.EMPTY_JSON_OBJECT : body;
        IssuedApiKey issued = keys.rotate(id, Json.string(b, "overlap"), Json.string(b, "ttl"));
        return Response.created(URI.create("api-keys/" + issued.id()))
                .entity(render(issued).add("replaces", id).build()).build();
    }

    @DELETE
    @Path("{id}")
    public Response revoke(@PathParam("id") String id) {
        keys.revoke(id);
        return Response.noContent().build();
    }

    /** The one response that carries a key's plaintext. */
    private static jakarta.json.JsonObjectBuilder render(IssuedApiKey issued) {
        return Jsonp.createObjectBuilder()
                .add("id", issued.id())
                .add("name", issued.name())
                .add("principal", issued.principal())
                .add("key", issued.key())
                .add("expiresAt", issued.expiresAt().toString());
    }
}
