package sh.velocity.fencefixture.web;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

/** Violates the resource rule: no scope, so the path parameter field needs an instance per request. */
@Path("things/{name}")
public class PerRequestResource {

    @PathParam("name")
    String name;

    @GET
    public String show() {
        return name;
    }
}
