package sh.velocity.web.rest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import sh.velocity.auth.api.RoleBindingView;
import sh.velocity.auth.api.RoleBindings;

/** {@code /role-bindings}: a principal × role × schema-path prefix. */
@ApplicationScoped
@Path("role-bindings")
@Produces(MediaType.APPLICATION_JSON)
public class RoleBindingResource {

    @Inject
    RoleBindings bindings;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(JsonObject body) {
        JsonObject b = Json.requireObject(body);
        RoleBindingView view = bindings.create(Json.string(b, "principal"), Json.string(b, "role"),
                Json.stringOr(b, "schemaPrefix", Json.string(b, "pathPrefix")));
        return Response.created(URI.create("role-bindings/" + view.id())).entity(view).build();
    }

    @GET
    public Page<RoleBindingView> list() {
        return new Page<>(bindings.list(), null);
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") String id) {
        bindings.delete(id);
        return Response.noContent().build();
    }
}
