package sh.velocity.web.rest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import sh.velocity.records.api.DataSubjects;

/**
 * {@code /subjects}: data-subject export and erasure. The identifier travels in the body, never
 * in the URL, so it cannot end up in access logs or in the audit log's resource names.
 */
@ApplicationScoped
@Path("subjects")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class SubjectResource {

    @Inject
    DataSubjects subjects;

    @POST
    @Path("export")
    public JsonObject export(JsonObject body) {
        return subjects.export(Json.string(Json.requireObject(body), "subject"));
    }

    @POST
    @Path("erase")
    public JsonObject erase(JsonObject body) {
        return subjects.erase(Json.string(Json.requireObject(body), "subject"));
    }
}
