package sh.velocity.web.rest;

import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import sh.velocity.audit.api.AuditEvent;
import sh.velocity.auth.api.Authorizer;
import sh.velocity.auth.api.Verb;
import sh.velocity.compliance.api.CheckResult;
import sh.velocity.compliance.api.CheckStatus;
import sh.velocity.compliance.api.ComplianceChecklist;

/**
 * {@code GET /compliance/checklist}: the hardening checklist run now ({@code compliance.read} on
 * {@code *}): {@code {"items": [{id, item, title, status, evidence, verify}], "summary": {pass, fail,
 * warn, manual}}}. {@code velocity doctor} prints it and exits 1 when any check fails.
 */
@Path("compliance")
@Produces(MediaType.APPLICATION_JSON)
public class ComplianceResource {

    @Inject
    ComplianceChecklist checklist;

    @Inject
    Authorizer authorizer;

    @GET
    @Path("checklist")
    public JsonObject checklist() {
        authorizer.require(Verb.COMPLIANCE_READ, Verb.PLATFORM_SCOPE, AuditEvent.PLATFORM_CHAIN, "compliance.checklist");
        List<CheckResult> results = checklist.run();
        JsonArrayBuilder items = jakarta.json.Json.createArrayBuilder();
        Map<CheckStatus, Integer> summary = new EnumMap<>(CheckStatus.class);
        for (CheckStatus s : CheckStatus.values()) {
            summary.put(s, 0);
        }
        for (CheckResult r : results) {
            summary.merge(r.status(), 1, Integer::sum);
            items.add(jakarta.json.Json.createObjectBuilder().add("id", r.id()).add("item", r.item())
                    .add("title", r.title()).add("status", r.status().wire()).add("evidence", r.evidence())
                    .add("verify", r.verify()));
        }
        var counts = jakarta.json.Json.createObjectBuilder();
        summary.forEach((s, n) -> counts.add(s.wire(), n));
        return jakarta.json.Json.createObjectBuilder().add("items", items).add("summary", counts).build();
    }
}
