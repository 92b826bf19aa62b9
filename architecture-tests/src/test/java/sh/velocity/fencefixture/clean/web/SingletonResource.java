package sh.velocity.fencefixture.clean.web;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

/** One instance for the application; the path parameter arrives as a method parameter. */
@ApplicationScoped
@Path("things/{name}")
public class SingletonResource {

    @GET
    public String show(@PathParam("name") String name) {
        return name;
    }
}
