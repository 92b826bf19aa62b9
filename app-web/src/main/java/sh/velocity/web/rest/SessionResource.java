package sh.velocity.web.rest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import sh.velocity.auth.api.Sessions;
import sh.velocity.auth.api.Sessions.TokenPair;
import sh.velocity.kernel.json.Jsonp;

/**
 * {@code /auth}: login and refresh are the only API calls made without a bearer credential (the
 * request filter lets exactly these two through); logout needs the access token it ends.
 */
@ApplicationScoped
@Path("auth")
@Produces(MediaType.APPLICATION_JSON)
public class SessionResource {

    @Inject
    Sessions sessions;

    @POST
    @Path("login")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response login(JsonObject body) {
        JsonObject b = Json.requireObject(body);
        String password = Json.string(b, "password");
        TokenPair pair = sessions.login(Json.string(b, "username"),
                password == null ? new char[0] : password.toCharArray(), Json.string(b, "totp"));
        return tokens(pair);
    }

    @POST
    @Path("refresh")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response refresh(JsonObject body) {
        return tokens(sessions.refresh(Json.string(Json.requireObject(body), "refreshToken")));
    }

    @POST
    @Path("logout")
    public Response logout(@HeaderParam("Authorization") String authorization) {
        String token = authorization == null ? "" : authorization.replaceFirst("(?i)^bearer\\s+", "").trim();
        sessions.logout(token);
        return Response.noContent().build();
    }

    private static Response tokens(TokenPair pair) {
        JsonObject out = Jsonp.createObjectBuilder()
                .add("accessToken", pair.accessToken())
                .add("tokenType", "Bearer")
                .add("expiresIn", pair.expiresInSeconds())
                .add("refreshToken", pair.refreshToken())
                .add("refreshExpiresIn", pair.refreshExpiresInSeconds())
                .build();
        return Response.ok(out).build();
    }
}
