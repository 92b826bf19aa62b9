package sh.velocity.web.rest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import sh.velocity.auth.api.Users;
import sh.velocity.auth.api.Users.NewUser;
import sh.velocity.kernel.json.Jsonp;

/** {@code /users}: a TOTP secret appears in the creation (or reset) response and nowhere else. */
@ApplicationScoped
@Path("users")
@Produces(MediaType.APPLICATION_JSON)
public class UserResource {

    @Inject
    Users users;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(JsonObject body) {
        JsonObject b = Json.requireObject(body);
        String password = Json.string(b, "password");
        boolean mfa = b.containsKey("mfa") && b.get("mfa") == JsonValue.TRUE;
        NewUser created = users.create(Json.string(b, "username"),
                password == null ? new char[0] : password.toCharArray(), Json.strings(b, "roles"), mfa);
        return Response.created(URI.create("users/" + created.username())).entity(render(created)).build();
    }

    @POST
    @Path("{username}/totp")
    public JsonObject resetTotp(@PathParam("username") String username) {
        return render(users.resetTotp(username));
    }

    private static JsonObject render(NewUser user) {
        JsonObjectBuilder out = Jsonp.createObjectBuilder()
                .add("username", user.username())
                .add("principal", user.principal())
                .add("roles", Jsonp.createArrayBuilder(user.roles()));
        if (user.totpSecret() != null) {
            out.add("totp", Jsonp.createObjectBuilder().add("secret", user.totpSecret())
                    .add("otpauthUri", user.otpauthUri()));
        }
        return out.build();
    }
}
