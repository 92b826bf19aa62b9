package sh.velocity.web.rest;

import jakarta.inject.Inject;
import jakarta.json.JsonObject;
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
import java.net.URI;
import sh.velocity.kernel.SchemaPath;
import sh.velocity.records.api.RecordPage;
import sh.velocity.records.api.Records;

/** {@code /records/{path}}: create, list and read records of one record type. */
@Path("records/{namespace}/{domain}/{subdomain}/{name}/{version}")
@Produces(MediaType.APPLICATION_JSON)
public class RecordResource {

    @Inject
    Records records;

    @PathParam("namespace")
    String namespace;

    @PathParam("domain")
    String domain;

    @PathParam("subdomain")
    String subdomain;

    @PathParam("name")
    String name;

    @PathParam("version")
    String version;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(JsonObject body) {
        SchemaPath path = path();
        JsonObject created = records.create(path, Json.requireObject(body));
        return Response.created(URI.create("records/" + path + "/" + created.getString("id"))).entity(created).build();
    }

    @GET
    public Page<JsonObject> list(@QueryParam("limit") @DefaultValue("100") int limit,
                                 @QueryParam("cursor") String cursor) {
        RecordPage page = records.list(path(), limit, cursor);
        return new Page<>(page.items(), page.nextCursor());
    }

    @GET
    @Path("{id}")
    public JsonObject get(@PathParam("id") String id) {
        return records.get(path(), id);
    }

    private SchemaPath path() {
        return SchemaResource.Paths.of(namespace, domain, subdomain, name, version);
    }
}
