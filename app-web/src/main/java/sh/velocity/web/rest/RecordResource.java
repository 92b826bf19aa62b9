package sh.velocity.web.rest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import sh.velocity.kernel.SchemaPath;
import sh.velocity.kernel.json.Jsonp;
import sh.velocity.kernel.problem.ErrorCode;
import sh.velocity.kernel.problem.VelocityException;
import sh.velocity.records.api.ListQuery;
import sh.velocity.records.api.RecordPage;
import sh.velocity.records.api.Records;
import sh.velocity.records.api.SearchResult;

/**
 * {@code /records/{path}}: create, list (filters, sort, cursor), read, patch, delete. Each
 * record response carries {@code ETag: "<version>"}; {@code If-Match} with that value makes a
 * patch or delete conditional (412 when the record moved on).
 */
@ApplicationScoped
@Path("records/{namespace}/{domain}/{subdomain}/{name}/{version}")
@Produces(MediaType.APPLICATION_JSON)
public class RecordResource {

    static final String SEARCH_TIER = "X-Velocity-Search-Tier";

    private static final Pattern FILTER = Pattern.compile("filter\\[([a-z][a-z0-9_]{0,62})\\]");
    private static final String MERGE_PATCH = "application/merge-patch+json";

    @Inject
    Records records;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(@BeanParam TypePath type, JsonObject body) {
        SchemaPath path = type.path();
        JsonObject created = records.create(path, Json.requireObject(body));
        return Response.created(URI.create("records/" + path + "/" + created.getString("id")))
                .tag(etag(created)).entity(created).build();
    }

    @GET
    public Page<JsonObject> list(@BeanParam TypePath type, @QueryParam("limit") @DefaultValue("100") int limit,
                                 @QueryParam("cursor") String cursor, @QueryParam("sort") String sort,
                                 @Context UriInfo uri) {
        Map<String, String> filters = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> p : uri.getQueryParameters().entrySet()) {
            Matcher m = FILTER.matcher(p.getKey());
            if (m.matches()) {
                if (p.getValue().size() != 1) {
                    throw new VelocityException(ErrorCode.INVALID_REQUEST, p.getKey() + " may be given once.");
                }
                filters.put(m.group(1), p.getValue().get(0));
            } else if (p.getKey().startsWith("filter")) {
                throw new VelocityException(ErrorCode.INVALID_REQUEST,
                        "Filters are written filter[<field>]=<value>, with a declared field name.");
            }
        }
        RecordPage page = records.list(type.path(), new ListQuery(limit, cursor, filters, sort));
        return new Page<>(page.items(), page.nextCursor());
    }

    /**
     * Full-text search over the schema's search fields: {@code {"items": [...], "nextCursor": null}},
     * best match first, with {@code X-Velocity-Search-Tier} naming the tier that answered.
     */
    @GET
    @Path("search")
    public Response search(@BeanParam TypePath type, @QueryParam("q") String q,
                           @QueryParam("limit") @DefaultValue("20") int limit) {
        SearchResult result = records.search(type.path(), q, limit);
        return Response.ok(new Page<>(result.items(), null)).header(SEARCH_TIER, result.tier()).build();
    }

    /**
     * Drops the search-engine index and replays the outbox into a new one ({@code schema.apply});
     * {@code 202 {"replayed": N}}: the relay catches up in the background, searches use tier 2 until it has.
     */
    @POST
    @Path("search/rebuild")
    public Response rebuildSearch(@BeanParam TypePath type) {
        long replayed = records.rebuildSearchIndex(type.path());
        return Response.accepted(Jsonp.createObjectBuilder().add("replayed", replayed).build()).build();
    }

    @GET
    @Path("{id}")
    public Response get(@BeanParam TypePath type, @PathParam("id") String id,
                        @QueryParam("unmask") @DefaultValue("false") boolean unmask) {
        JsonObject record = records.get(type.path(), id, unmask);
        return Response.ok(record).tag(etag(record)).build();
    }

    @PATCH
    @Path("{id}")
    @Consumes({MERGE_PATCH, MediaType.APPLICATION_JSON})
    public Response update(@BeanParam TypePath type, @PathParam("id") String id,
                           @HeaderParam("If-Match") String ifMatch, JsonObject patch) {
        JsonObject updated = records.update(type.path(), id, Json.requireObject(patch), expectedVersion(ifMatch));
        return Response.ok(updated).tag(etag(updated)).build();
    }

    @DELETE
    @Path("{id}")
    public Response delete(@BeanParam TypePath type, @PathParam("id") String id,
                           @HeaderParam("If-Match") String ifMatch) {
        records.delete(type.path(), id, expectedVersion(ifMatch));
        return Response.noContent().build();
    }

    private static jakarta.ws.rs.core.EntityTag etag(JsonObject record) {
        return new jakarta.ws.rs.core.EntityTag(String.valueOf(record.getJsonNumber("version").longValue()));
    }

    /** {@code If-Match: "3"} → 3; absent → unconditional; anything else is a 400. */
    private static Long expectedVersion(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank()) {
            return null;
        }
        String v = ifMatch.trim();
        if (v.startsWith("W/")) {
            v = v.substring(2);
        }
        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
            v = v.substring(1, v.length() - 1);
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new VelocityException(ErrorCode.INVALID_REQUEST, "If-Match must be the ETag of the record, e.g. \"3\".");
        }
    }

    /** The record type named by the request's path. */
    public static class TypePath {

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

        SchemaPath path() {
            return SchemaResource.Paths.of(namespace, domain, subdomain, name, version);
        }
    }
}
