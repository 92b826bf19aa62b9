package sh.velocity.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import sh.velocity.it.stack.TestStack;
import sh.velocity.it.support.Api;
import sh.velocity.it.support.Deployments;
import sh.velocity.it.support.Manifests;
import sh.velocity.it.support.Sql;

/**
 * The approval chain (issue 8): the test server protects namespace {@code approvals-it}
 * ({@code velocity.approvals.protected-namespaces}). A schema change there is submitted by its
 * author, approved by a reviewer and applied by an admin — three principals — and nothing else
 * applies it. The author and the reviewer here also hold the verbs of the steps they are refused,
 * so that what refuses them is the separation of duties, not a missing permission.
 */
@ExtendWith(ArquillianExtension.class)
class ApprovalChainIT {

    private static final String NAMESPACE = "approvals-it";
    private static final String CHANGES = "/api/v1/schema-changes";

    @Deployment(testable = false)
    static EnterpriseArchive app() {
        return Deployments.velocity();
    }

    /** The three principals of the chain, created once (keys are per principal, several may share one). */
    private static final class Team {
        static final Api ADMIN = Api.admin();
        static final Api AUTHOR = Api.withKey(ADMIN.createKey("appr-author", "schema-admin", "reviewer"));
        /** A second key of the same principal: still the author. */
        static final Api AUTHOR_OTHER_KEY = Api.withKey(ADMIN.postJson("/api/v1/api-keys", Json.createObjectBuilder()
                .add("name", "appr-author-laptop").add("principal", "appr-author").add("ttl", "1d").build())
                .expect(201).json().getString("key"));
        static final Api REVIEWER = Api.withKey(ADMIN.createKey("appr-reviewer", "reviewer", "schema-admin"));
        static final Api APPLIER = Api.withKey(ADMIN.createKey("appr-admin", "schema-admin"));
        static final Api APPLIER_2 = Api.withKey(ADMIN.createKey("appr-admin-2", "schema-admin"));
        static final Api OUTSIDER = Api.withKey(ADMIN.createKey("appr-outsider"));
    }

    private static String manifest(String name) {
        return Manifests.exampleNamed(name).replace("namespace: acme", "namespace: " + NAMESPACE);
    }

    private static String pathOf(String name) {
        return NAMESPACE + "/supply-chain/procurement/" + name + "/v1";
    }

    private static JsonObject submit(Api who, String manifest) {
        return who.post(CHANGES, "application/yaml", manifest).expect(201).json();
    }

    private static Api.Response approve(Api who, String id) {
        return who.postJson(CHANGES + "/" + id + "/approve", Json.createObjectBuilder().add("comment", "lgtm").build());
    }

    private static Api.Response reject(Api who, String id, String reason) {
        return who.postJson(CHANGES + "/" + id + "/reject", reason == null ? JsonValue.EMPTY_JSON_OBJECT
                : Json.createObjectBuilder().add("reason", reason).build());
    }

    private static Api.Response apply(Api who, String id) {
        return who.post(CHANGES + "/" + id + "/apply", "application/json", "");
    }

    private static List<String> ids(JsonObject page) {
        List<String> ids = new ArrayList<>();
        page.getJsonArray("items").forEach(v -> ids.add(v.asJsonObject().getString("id")));
        return ids;
    }

    @Test
    void theProtectionInForceIsRecordedAndItsChangeAudited() {
        assertEquals(1, Sql.adminCount("SELECT count(*) FROM platform.approval_protection WHERE namespaces LIKE ?",
                "%approvals-it%"), "the setting of the test server is recorded");
        assertTrue(Sql.adminCount("SELECT count(*) FROM platform.audit_log WHERE chain = 'platform' AND operation = "
                + "'schema-change.protection' AND actor = 'system:approvals' AND payload ->> 'after' LIKE ?",
                "%approvals-it%") >= 1, "the change from the recorded setting is on the platform chain");
    }

    /**
     * The compliance packs judge a submission as they judge an apply: a change that fails a control
     * is refused before anyone reviews it (422 COMPLIANCE_VIOLATION, audited).
     */
    @Test
    void aChangeFailingAnEnabledPackIsRefusedAtSubmit() {
        Team.ADMIN.post("/api/v1/schemas", "application/yaml", "apiVersion: velocity.sh/v1\nkind: CompliancePack\n"
                + "metadata:\n  name: pci-dss\n  namespace: " + NAMESPACE + "\nspec:\n  builtin: pci-dss\n").expect(201);
        try {
            String unmaskedCard = manifest("packed").replace("      sensitivity: pii\n      masking:\n        strategy: partial\n"
                    + "        visibleChars: 4\n", "      sensitivity: pci\n");
            JsonObject refused = Team.AUTHOR.post("/api/v1/schema-changes", "application/yaml", unmaskedCard)
                    .problem(422, "COMPLIANCE_VIOLATION");
            assertTrue(refused.toString().contains("PCI-3.4.1"), refused.toString());
            assertEquals(1, Sql.adminCount("SELECT count(*) FROM platform.audit_log WHERE chain = 'platform' AND "
                    + "operation = 'schema-change.submit' AND result = 'failure' AND fail_mode = 'COMPLIANCE_VIOLATION' "
                    + "AND resource = ?", pathOf("packed")), "the refusal is audited");
            assertEquals(0, Sql.adminCount("SELECT count(*) FROM platform.schema_changes WHERE schema_path = ?",
                    pathOf("packed")));
        } finally {
            Team.ADMIN.delete("/api/v1/compliance/packs/" + NAMESPACE + "/pci-dss").expect(204);
        }
    }

    @Test
    void nothingButTheChainAppliesToAProtectedNamespace() {
        String name = "direct";
        JsonObject refused = Team.ADMIN.post("/api/v1/schemas", "application/yaml", manifest(name))
                .problem(409, "APPROVAL_REQUIRED");
        assertTrue(refused.getString("detail").contains("POST /api/v1/schema-changes"), refused.toString());
        Team.APPLIER.post("/api/v1/schemas", "application/yaml", manifest(name)).problem(409, "APPROVAL_REQUIRED");
        // The same manifest as JSON, and with a header a client might hope for: still refused.
        Team.APPLIER.post("/api/v1/schemas?force=true&dryRun=false", "application/json", jsonManifest(name))
                .problem(409, "APPROVAL_REQUIRED");
        assertEquals(0, Sql.adminCount("SELECT count(*) FROM platform.schema_definitions WHERE schema_path = ?",
                pathOf(name)));
        assertTrue(Sql.adminCount("SELECT count(*) FROM platform.audit_log WHERE chain = 'platform' AND actor = "
                + "'appr-admin' AND operation = 'schema.apply' AND result = 'denied' AND resource = ? "
                + "AND fail_mode LIKE 'APPROVAL_REQUIRED%'", pathOf(name)) >= 2, "each refusal is audited");

        // The admission webhook denies it too: applying it through Kubernetes would be refused.
        JsonObject review = Json.createObjectBuilder().add("apiVersion", "admission.k8s.io/v1")
                .add("kind", "AdmissionReview").add("request", Json.createObjectBuilder().add("uid", "appr-1")
                        .add("kind", Json.createObjectBuilder().add("group", "velocity.sh").add("version", "v1")
                                .add("kind", "SchemaDefinition"))
                        .add("operation", "CREATE").add("object", readJson(jsonManifest(name)))).build();
        JsonObject response = Api.anonymous().postJson("/admission/validate", review).expect(200).json()
                .getJsonObject("response");
        assertFalse(response.getBoolean("allowed"));
        assertTrue(response.getJsonObject("status").getString("message").startsWith("APPROVAL_REQUIRED"),
                response.toString());
        // An unprotected namespace is applied directly as before.
        Team.APPLIER.post("/api/v1/schemas", "application/yaml", Manifests.exampleNamed("appr-unprotected")).expect(201);
    }

    @Test
    void theFullChainAppliesAndEveryShortcutIsRefused() {
        String name = "ledger";
        JsonObject submitted = submit(Team.AUTHOR, manifest(name));
        String id = submitted.getString("id");
        assertEquals("pending", submitted.getString("status"));
        assertEquals(pathOf(name), submitted.getString("schemaPath"));
        assertEquals("appr-author", submitted.getString("submittedBy"));
        assertEquals(List.of("created"), submitted.getJsonArray("changes").getValuesAs(jakarta.json.JsonString.class)
                .stream().map(jakarta.json.JsonString::getString).toList());
        assertTrue(submitted.isNull("baseGeneration"));
        assertEquals(manifest(name), submitted.getString("manifest"), "stored verbatim");

        // The author may not approve, with this key or another of the same principal.
        JsonObject own = approve(Team.AUTHOR, id).problem(403, "SEPARATION_OF_DUTIES");
        assertTrue(own.getString("detail").contains("another principal"), own.toString());
        approve(Team.AUTHOR_OTHER_KEY, id).problem(403, "SEPARATION_OF_DUTIES");
        // Nobody may apply what is not approved.
        apply(Team.APPLIER, id).problem(409, "INVALID_CHANGE_STATE");
        assertEquals(1, ids(Team.REVIEWER.get(CHANGES + "?status=pending").expect(200).json()).stream()
                .filter(id::equals).count());

        JsonObject approved = approve(Team.REVIEWER, id).expect(200).json();
        assertEquals("approved", approved.getString("status"));
        assertEquals("appr-reviewer", approved.getString("reviewedBy"));
        assertEquals("lgtm", approved.getString("reviewReason"));
        approve(Team.APPLIER, id).problem(403, "FORBIDDEN");  // schema-admin alone does not review
        reject(Team.ADMIN, id, "too late").problem(409, "INVALID_CHANGE_STATE");

        // Two steps by one principal: the reviewer (who holds schema.apply) and the author may not apply.
        JsonObject second = apply(Team.REVIEWER, id).problem(403, "SEPARATION_OF_DUTIES");
        assertTrue(second.getString("detail").contains("third principal"), second.toString());
        apply(Team.AUTHOR, id).problem(403, "SEPARATION_OF_DUTIES");
        apply(Team.AUTHOR_OTHER_KEY, id).problem(403, "SEPARATION_OF_DUTIES");
        Team.REVIEWER.get("/api/v1/schemas/" + pathOf(name)).problem(404, "NOT_FOUND");

        JsonObject applied = apply(Team.APPLIER, id).expect(200).json();
        assertEquals("applied", applied.getString("status"));
        assertEquals("appr-admin", applied.getString("appliedBy"));
        assertEquals(1, applied.getInt("appliedGeneration"));
        apply(Team.APPLIER_2, id).problem(409, "INVALID_CHANGE_STATE");

        JsonObject schema = Team.ADMIN.get("/api/v1/schemas/" + pathOf(name)).expect(200).json();
        assertEquals(1, schema.getInt("generation"));
        assertEquals("appr-admin", schema.getString("createdBy"));
        Team.ADMIN.postJson("/api/v1/records/" + pathOf(name), Json.createObjectBuilder().add("po_number", "L-1")
                .add("amount", 5).add("currency", "EUR").build()).expect(201);

        JsonObject shown = Team.REVIEWER.get(CHANGES + "/" + id).expect(200).json();
        assertEquals("applied", shown.getString("status"));
        assertFalse(shown.getBoolean("stale"));
        assertTrue(ids(Team.REVIEWER.get(CHANGES + "?status=applied").expect(200).json()).contains(id));
        assertFalse(ids(Team.REVIEWER.get(CHANGES + "?status=pending").expect(200).json()).contains(id));

        // Audited: each step, each refusal, and the schema event names the change, author and reviewer.
        String resource = "schema-change/" + id;
        for (String[] step : new String[][] {{"schema-change.submit", "appr-author"},
                {"schema-change.approve", "appr-reviewer"}, {"schema-change.apply", "appr-admin"}}) {
            assertEquals(1, Sql.adminCount("SELECT count(*) FROM platform.audit_log WHERE chain = 'platform' "
                    + "AND operation = ? AND actor = ? AND resource = ? AND result = 'success'", step[0], step[1],
                    resource), step[0]);
        }
        assertEquals(2, Sql.adminCount("SELECT count(*) FROM platform.audit_log WHERE chain = 'platform' AND "
                + "operation = 'schema-change.approve' AND actor = 'appr-author' AND result = 'denied' AND resource = ? "
                + "AND fail_mode LIKE 'SEPARATION_OF_DUTIES%'", resource));
        assertEquals(3, Sql.adminCount("SELECT count(*) FROM platform.audit_log WHERE chain = 'platform' AND "
                + "operation = 'schema-change.apply' AND result = 'denied' AND resource = ? "
                + "AND fail_mode LIKE 'SEPARATION_OF_DUTIES%'", resource));
        assertEquals(1, Sql.adminCount("SELECT count(*) FROM platform.audit_log WHERE chain = 'platform' AND "
                + "operation = 'schema.create' AND actor = 'appr-admin' AND resource = ? "
                + "AND payload #>> '{approval,change}' = ? AND payload #>> '{approval,author}' = 'appr-author' "
                + "AND payload #>> '{approval,reviewer}' = 'appr-reviewer'", pathOf(name), id));
        JsonObject verify = Team.ADMIN.get("/api/v1/audit/verify?schema=platform").expect(200).json();
        assertTrue(verify.getBoolean("valid"), verify.toString());
    }

    @Test
    void aRejectedChangeNeedsAReasonAndIsNeverApplied() {
        String id = submit(Team.AUTHOR, manifest("rejected")).getString("id");
        reject(Team.REVIEWER, id, null).problem(400, "VALIDATION_FAILED");
        reject(Team.REVIEWER, id, "   ").problem(400, "VALIDATION_FAILED");
        reject(Team.AUTHOR, id, "withdrawn").problem(403, "SEPARATION_OF_DUTIES");
        JsonObject rejected = reject(Team.REVIEWER, id, "credit_card must not be stored here").expect(200).json();
        assertEquals("rejected", rejected.getString("status"));
        assertEquals("credit_card must not be stored here", rejected.getString("reviewReason"));
        apply(Team.APPLIER, id).problem(409, "INVALID_CHANGE_STATE");
        approve(Team.ADMIN, id).problem(409, "INVALID_CHANGE_STATE");
        assertTrue(ids(Team.APPLIER.get(CHANGES + "?status=rejected").expect(200).json()).contains(id));
        assertEquals(0, Sql.adminCount("SELECT count(*) FROM platform.schema_definitions WHERE schema_path = ?",
                pathOf("rejected")));
        assertEquals(1, Sql.adminCount("SELECT count(*) FROM platform.audit_log WHERE operation = "
                + "'schema-change.reject' AND result = 'success' AND resource = ? AND payload ->> 'reason' = ?",
                "schema-change/" + id, "credit_card must not be stored here"));
    }

    @Test
    void submitRefusesBadManifestsEarlyAndApplyRefusesStaleChanges() {
        String name = "stale";
        String v1 = manifest(name);
        chain(v1);
        // Admission runs at submit: a CEL syntax error, an unapproved breaking change, no change at all.
        Team.AUTHOR.post(CHANGES, "application/yaml", v1.replace("self.amount > 0", "self.amount >"))
                .problem(400, "INVALID_MANIFEST");
        Team.AUTHOR.post(CHANGES, "application/yaml", v1.replace("      maxLength: 1000\n", "      maxLength: 10\n"))
                .problem(409, "BREAKING_CHANGE_NOT_APPROVED");
        Team.AUTHOR.post(CHANGES, "application/yaml", v1).problem(409, "CONFLICT");
        // Only a principal who could apply may propose.
        Api readerOnly = Api.withKey(Team.ADMIN.createKey("appr-reader", "reviewer"));
        readerOnly.post(CHANGES, "application/yaml", v1.replace("maxLength: 1000", "maxLength: 2000"))
                .problem(403, "FORBIDDEN");

        String wider = submit(Team.AUTHOR, v1.replace("maxLength: 1000", "maxLength: 2000")).getString("id");
        String other = submit(Team.AUTHOR, v1.replace("maxLength: 32", "maxLength: 64")).getString("id");
        JsonObject otherShown = Team.AUTHOR.get(CHANGES + "/" + other).expect(200).json();
        assertEquals(1, otherShown.getInt("baseGeneration"));
        assertEquals(1, otherShown.getJsonArray("changes").size(), otherShown.toString());
        approve(Team.REVIEWER, wider).expect(200);
        approve(Team.REVIEWER, other).expect(200);
        assertEquals(2, apply(Team.APPLIER, wider).expect(200).json().getInt("appliedGeneration"));

        assertTrue(Team.AUTHOR.get(CHANGES + "/" + other).expect(200).json().getBoolean("stale"));
        JsonObject stale = apply(Team.APPLIER, other).problem(409, "STALE_CHANGE");
        assertTrue(stale.getString("detail").contains("Submit the manifest again"), stale.toString());
        assertEquals(2, Team.ADMIN.get("/api/v1/schemas/" + pathOf(name)).expect(200).json().getInt("generation"));
        assertEquals("approved", Team.AUTHOR.get(CHANGES + "/" + other).expect(200).json().getString("status"));
    }

    @Test
    void ofTwoConcurrentAppliersExactlyOneWins() {
        String id = submit(Team.AUTHOR, manifest("race")).getString("id");
        approve(Team.REVIEWER, id).expect(200);
        CompletableFuture<Api.Response> first = CompletableFuture.supplyAsync(() -> apply(Team.APPLIER, id));
        CompletableFuture<Api.Response> second = CompletableFuture.supplyAsync(() -> apply(Team.APPLIER_2, id));
        List<Integer> statuses = new ArrayList<>(List.of(first.join().status(), second.join().status()));
        statuses.sort(null);
        assertEquals(List.of(200, 409), statuses);
        assertEquals(1, Sql.adminCount("SELECT count(*) FROM platform.schema_history WHERE schema_path = ?",
                pathOf("race")));
    }

    @Test
    void whoeverMayNotReadTheSchemaSeesNoChanges() {
        String id = submit(Team.AUTHOR, manifest("hidden")).getString("id");
        assertFalse(ids(Team.OUTSIDER.get(CHANGES).expect(200).json()).contains(id));
        Team.OUTSIDER.get(CHANGES + "/" + id).problem(404, "NOT_FOUND");
        approve(Team.OUTSIDER, id).problem(404, "NOT_FOUND");
        Team.OUTSIDER.get(CHANGES + "/not-a-uuid").problem(404, "NOT_FOUND");
        Team.REVIEWER.get(CHANGES + "?status=merged").problem(400, "INVALID_REQUEST");

        JsonObject page = Team.REVIEWER.get(CHANGES + "?limit=1").expect(200).json();
        assertEquals(1, page.getJsonArray("items").size());
        assertFalse(page.getJsonArray("items").getJsonObject(0).containsKey("manifest"), "listings leave it out");
        assertNotNull(page.getString("nextCursor"));
        JsonArray next = Team.REVIEWER.get(CHANGES + "?limit=1&cursor=" + page.getString("nextCursor")).expect(200)
                .json().getJsonArray("items");
        assertEquals(1, next.size());
        assertFalse(next.getJsonObject(0).getString("id").equals(page.getJsonArray("items").getJsonObject(0)
                .getString("id")));
    }

    @Test
    void theDatabaseRefusesTwoStepsByOnePrincipalWhateverTheServerDoes() throws SQLException {
        String id = submit(Team.AUTHOR, manifest("db-guard")).getString("id");
        String selfReview = "UPDATE platform.schema_changes SET status = 'approved', reviewed_by = 'appr-author', "
                + "reviewed_at = now() WHERE id = '" + id + "'";
        // As the server's role, under the author's principal: the reviewer must not be the author.
        assertRefused(id, "appr-author", selfReview, "schema_changes_reviewer_is_not_author");
        // Under another principal, a review recorded in the author's (or anyone else's) name.
        assertRefused(id, "appr-reviewer", selfReview.replace("'appr-author'", "'appr-admin'"),
                "recorded under the reviewing principal");
        // The server's role cannot edit what was submitted, nor insert a change born approved.
        assertRefused(id, "appr-reviewer", "UPDATE platform.schema_changes SET manifest = 'x' WHERE id = '" + id + "'",
                "permission denied");
        assertRefused(id, "appr-author", "INSERT INTO platform.schema_changes (schema_path, manifest, spec_hash, "
                + "changes, breaking, submitted_by, status) VALUES ('approvals-it/a/b/c/v1', 'm', repeat('a', 64), "
                + "'[]', false, 'appr-author', 'approved')", "permission denied");
        // Not even the database owner can record a self-review or delete a change.
        IllegalStateException owner = assertThrows(IllegalStateException.class, () -> Sql.admin(
                "SELECT set_config('velocity.principal', 'APPR-AUTHOR', false)",
                "UPDATE platform.schema_changes SET status = 'approved', reviewed_by = upper(submitted_by), "
                        + "reviewed_at = now() WHERE id = '" + id + "'"));
        assertTrue(String.valueOf(owner.getCause().getMessage()).contains("reviewer_is_not_author"), owner.toString());
        IllegalStateException delete = assertThrows(IllegalStateException.class, () -> Sql.admin(
                "DELETE FROM platform.schema_changes WHERE id = '" + id + "'"));
        assertTrue(String.valueOf(delete.getCause().getMessage()).contains("keeps every change"), delete.toString());
        assertEquals("pending", Sql.adminString("SELECT status FROM platform.schema_changes WHERE id = ?::uuid", id));
    }

    private static void assertRefused(String id, String principal, String sql, String expected) throws SQLException {
        try (Connection c = TestStack.current().apiConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("SELECT set_config('velocity.principal', ?, true)")) {
                ps.setString(1, principal);
                ps.execute();
            }
            try (Statement st = c.createStatement()) {
                SQLException e = assertThrows(SQLException.class, () -> st.executeUpdate(sql), sql);
                assertTrue(String.valueOf(e.getMessage()).contains(expected), e.getMessage());
            } finally {
                c.rollback();
            }
        }
    }

    /** Submit, approve, apply: the schema exists afterwards. */
    private static void chain(String manifest) {
        String id = submit(Team.AUTHOR, manifest).getString("id");
        approve(Team.REVIEWER, id).expect(200);
        apply(Team.APPLIER, id).expect(200);
    }

    private static String jsonManifest(String name) {
        return Json.createObjectBuilder().add("apiVersion", "velocity.sh/v1").add("kind", "SchemaDefinition")
                .add("metadata", Json.createObjectBuilder().add("name", name).add("namespace", NAMESPACE))
                .add("spec", Json.createObjectBuilder().add("domain", "supply-chain").add("subdomain", "procurement")
                        .add("version", "v1").add("fields", Json.createArrayBuilder().add(Json.createObjectBuilder()
                                .add("name", "po_number").add("type", "string").add("maxLength", 32))))
                .build().toString();
    }

    private static JsonObject readJson(String text) {
        try (var reader = Json.createReader(new java.io.StringReader(text))) {
            return reader.readObject();
        }
    }
}
