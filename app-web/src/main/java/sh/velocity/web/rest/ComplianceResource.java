package sh.velocity.web.rest;

import jakarta.enterprise.context.ApplicationScoped;
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
import sh.velocity.compliance.api.CompliancePacks;
import sh.velocity.compliance.api.ControlResult;
import sh.velocity.kernel.json.Jsonp;

/**
 * {@code GET /compliance/checklist}: the hardening checklist run now ({@code compliance.read} on
 * {@code *}): {@code {"items": [{id, item, title, status, evidence, verify}], "summary": {pass, fail,
 * warn, manual}}}. {@code velocity doctor} prints it and exits 1 when any check fails.
 * {@code GET /compliance/results[?namespace=]}: every applied schema against every control of the
 * compliance packs enabled for its namespace ({@code compliance.read}).
 */
@ApplicationScoped
@Path("compliance")
@Produces(MediaType.APPLICATION_JSON)
public class ComplianceResource {

    @Inject
    ComplianceChecklist checklist;

    @Inject
    Authorizer authorizer;

    @Inject
    CompliancePacks packs;

    @GET
    @Path("checklist")
    public JsonObject checklist() {
        authorizer.require(Verb.COMPLIANCE_READ, Verb.PLATFORM_SCOPE, AuditEvent.PLATFORM_CHAIN, "compliance.checklist");
        List<CheckResult> results = checklist.run();
        JsonArrayBuilder items = Jsonp.createArrayBuilder();
        Map<CheckStatus, Integer> summary = new EnumMap<>(CheckStatus.class);
        for (CheckStatus s : CheckStatus.values()) {
            summary.put(s, 0);
        }
        for (CheckResult r : results) {
            summary.merge(r.status(), 1, Integer::sum);
            items.add(Jsonp.createObjectBuilder().add("id", r.id()).add("item", r.item())
                    .add("title", r.title()).add("status", r.status().wire()).add("evidence", r.evidence())
                    .add("verify", r.verify()));
        }
        var counts = Jsonp.createObjectBuilder();
        summary.forEach((s, n) -> counts.add(s.wire(), n));
        return Jsonp.createObjectBuilder().add("items", items).add("summary", counts).build();
    }

    /** Each schema × control: {@code pass}, {@code fail}, {@code waived} or {@code not-applicable}. */
    @GET
    @Path("results")
    public JsonObject results(@jakarta.ws.rs.QueryParam("namespace") String namespace) {
        JsonArrayBuilder items = Jsonp.createArrayBuilder();
        var summary = Jsonp.createObjectBuilder();
        java.util.Map<String, Integer> counts = new java.util.LinkedHashMap<>();
        List.of("pass", "fail", "waived", "not-applicable").forEach(s -> counts.put(s, 0));
        for (ControlResult r : packs.results(namespace)) {
            counts.merge(r.status(), 1, Integer::sum);
            items.add(Jsonp.createObjectBuilder().add("schemaPath", r.schemaPath()).add("pack", r.pack())
                    .add("control", r.control()).add("title", r.title()).add("severity", r.severity())
                    .add("status", r.status()).add("fields", Jsonp.createArrayBuilder(r.fields()))
                    .add("message", r.message()).add("waivers", Jsonp.createArrayBuilder(r.waivers())));
        }
        counts.forEach(summary::add);
        return Jsonp.createObjectBuilder().add("items", items).add("summary", summary).addNull("nextCursor").build();
    }
}
