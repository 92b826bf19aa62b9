package sh.velocity.web.rest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.StringReader;
import java.net.URI;
import sh.velocity.audit.api.AuditEvent;
import sh.velocity.audit.api.AuditRetention;
import sh.velocity.auth.api.Authorizer;
import sh.velocity.auth.api.RoleBindingView;
import sh.velocity.auth.api.RoleBindings;
import sh.velocity.auth.api.Verb;
import sh.velocity.compliance.api.CompliancePacks;
import sh.velocity.kernel.SchemaPath;
import sh.velocity.kernel.json.Jsonp;
import sh.velocity.kernel.problem.ErrorCode;
import sh.velocity.kernel.problem.VelocityException;
import sh.velocity.schema.api.AppliedSchema;
import sh.velocity.schema.api.SchemaAdministration;
import sh.velocity.schema.api.SchemaDetail;
import sh.velocity.schema.api.SchemaSummary;

/**
 * {@code /schemas}: apply a manifest (YAML or JSON), list, show with history. The admission path of
 * every kind it accepts: {@code SchemaDefinition}, {@code CompliancePack} (enabled for its
 * namespace through the compliance module), {@code RoleBinding} and {@code RetentionPolicy} (the
 * services of {@code /role-bindings} and {@code /audit/retention}, with their authorization and
 * audit; {@link PlatformManifests}).
 */
@ApplicationScoped
@Path("schemas")
@Produces(MediaType.APPLICATION_JSON)
public class SchemaResource {

    private static final String COMPLIANCE_PACK = "CompliancePack";

    @Inject
    SchemaAdministration schemas;

    @Inject
    CompliancePacks packs;

    @Inject
    RoleBindings bindings;

    @Inject
    AuditRetention retention;

    @Inject
    Authorizer authorizer;

    @POST
    @Consumes({MediaType.APPLICATION_JSON, "application/yaml", "application/x-yaml", "text/yaml",
            MediaType.TEXT_PLAIN})
    public Response apply(String manifest) {
        String text = manifest == null ? "" : manifest;
        String kind = schemas.kindOf(text);
        if (COMPLIANCE_PACK.equals(kind)) {
            return CompliancePackResource.applied(packs.apply(text));
        }
        if (PlatformManifests.ROLE_BINDING.equals(kind)) {
            PlatformManifests.RoleBinding m = PlatformManifests.roleBinding(schemas.manifestDocument(text));
            RoleBindingView view = bindings.create(m.principal(), m.role(), m.path());
            return Response.ok(Jsonp.createObjectBuilder().add("kind", kind).add("name", m.name())
                    .add("outcome", "applied").add("id", view.id()).add("principal", view.principal())
                    .add("role", view.role()).add("pathPrefix", view.pathPrefix()).build()).build();
        }
        if (PlatformManifests.RETENTION_POLICY.equals(kind)) {
            PlatformManifests.RetentionPolicy m = PlatformManifests.retentionPolicy(schemas.manifestDocument(text));
            authorizer.require(Verb.AUDIT_MANAGE, Verb.PLATFORM_SCOPE, AuditEvent.PLATFORM_CHAIN, "audit.retention.set");
            JsonObject policy = AuditRetentionResource.json(retention.setPolicy(m.namespace(),
                    AuditRetentionResource.retainDays(m.retain())));
            return Response.ok(Jsonp.createObjectBuilder().add("kind", kind).add("name", m.name())
                    .add("outcome", "applied").add("policy", policy).build()).build();
        }
        AppliedSchema applied = schemas.apply(text);
        JsonObject body = Jsonp.createObjectBuilder()
                .add("schemaPath", applied.schemaPath())
                .add("generation", applied.generation())
                .add("outcome", applied.outcome().name().toLowerCase(java.util.Locale.ROOT))
                .add("changes", Jsonp.createArrayBuilder(applied.changes()))
                .build();
        return switch (applied.outcome()) {
            case CREATED -> Response.created(URI.create("schemas/" + applied.schemaPath())).entity(body).build();
            case CHANGED -> Response.ok(body).build();
            case UNCHANGED -> Response.noContent().build();
        };
    }

    @GET
    public Page<SchemaSummary> list() {
        return new Page<>(schemas.list(), null);
    }

    @GET
    @Path("{namespace}/{domain}/{subdomain}/{name}/{version}")
    public JsonObject show(@PathParam("namespace") String namespace, @PathParam("domain") String domain,
                           @PathParam("subdomain") String subdomain, @PathParam("name") String name,
                           @PathParam("version") String version) {
        SchemaDetail detail = schemas.show(Paths.of(namespace, domain, subdomain, name, version));
        var history = Jsonp.createArrayBuilder();
        detail.history().forEach(r -> history.add(Jsonp.createObjectBuilder()
                .add("generation", r.generation())
                .add("changes", read(r.changes()))
                .add("migrations", read(r.migrations()))
                .add("appliedAt", r.appliedAt().toString())
                .add("appliedBy", r.appliedBy())));
        SchemaSummary s = detail.summary();
        return Jsonp.createObjectBuilder()
                .add("schemaPath", s.schemaPath())
                .add("generation", s.generation())
                .add("createdAt", s.createdAt().toString())
                .add("createdBy", s.createdBy())
                .add("updatedAt", s.updatedAt().toString())
                .add("updatedBy", s.updatedBy())
                .add("manifest", read(detail.manifest()))
                .add("history", history)
                .build();
    }

    private static jakarta.json.JsonValue read(String json) {
        try (var reader = Jsonp.createReader(new StringReader(json))) {
            return reader.readValue();
        }
    }

    /** Schema paths from URL segments, refused with a 404 when not a legal path. */
    static final class Paths {

        private Paths() {
        }

        static SchemaPath of(String namespace, String domain, String subdomain, String name, String version) {
            try {
                return new SchemaPath(namespace, domain, subdomain, name, version);
            } catch (IllegalArgumentException e) {
                throw new VelocityException(ErrorCode.NOT_FOUND, "Not a schema path: " + e.getMessage());
            }
        }
    }
}
