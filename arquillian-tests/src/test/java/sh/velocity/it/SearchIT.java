package sh.velocity.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import sh.velocity.it.support.Api;
import sh.velocity.it.support.Deployments;
import sh.velocity.it.support.Manifests;
import sh.velocity.it.support.Sql;

/**
 * Issue 7, tier 2: PostgreSQL full-text search over a record type's search fields, under row-level
 * security, masked like any read, never over a sensitive field, following changes of the search
 * fields.
 */
@ExtendWith(ArquillianExtension.class)
class SearchIT {

    private static final String CARD = "4111111111111111";

    @Deployment(testable = false)
    static EnterpriseArchive app() {
        return Deployments.velocity();
    }

    @Test
    void findsByTheSearchFieldsOnlyWhatTheCallerMayReadAndNeverACardNumber() {
        String name = "searchable";
        String records = "/api/v1/records/" + Manifests.pathOf(name);
        Api admin = Api.admin();
        admin.post("/api/v1/schemas", "application/yaml", tier2(name)).expect(201);
        admin.postJson(records, record("PO-1001", "urgent shipment of bolts").add("credit_card", CARD).build())
                .expect(201);
        admin.postJson(records, record("PO-1002", "routine order of nuts").build()).expect(201);
        admin.postJson(records, record("PO-1003", "nuts and bolts, mixed").build()).expect(201);

        Api.Response bolts = admin.get(records + "/search?q=bolts");
        bolts.expect(200);
        assertEquals("2", bolts.header("X-Velocity-Search-Tier"));
        JsonArray hits = bolts.json().getJsonArray("items");
        assertEquals(2, hits.size());
        JsonObject withCard = hits.getValuesAs(JsonObject.class).stream()
                .filter(h -> "PO-1001".equals(h.getString("po_number"))).findFirst().orElseThrow();
        assertEquals("************1111", withCard.getString("credit_card"));
        assertFalse(bolts.body().contains(CARD));

        assertEquals(3, search(admin, records, "nuts or bolts").size());
        assertEquals(1, search(admin, records, "bolts -nuts").size());
        assertEquals(1, search(admin, records, "\"routine order\"").size());
        assertEquals(0, search(admin, records, CARD).size(), "the card number is not a search field");
        assertEquals(0, search(admin, records, "1111").size());
        assertEquals(0, Sql.adminCount("SELECT count(*) FROM acme_supply_chain_procurement.searchable_v1 "
                + "WHERE search_vector::text LIKE '%' || ? || '%'", "1111"));

        // Row-level security holds: a caller without a binding finds nothing.
        Api unbound = Api.withKey(admin.createKey("unbound-searcher"));
        assertEquals(0, search(unbound, records, "bolts").size());

        // The search is audited (the schema has a masked field), with the query's hash, not its text.
        assertTrue(Sql.adminCount("SELECT count(*) FROM platform.audit_log WHERE chain = ? AND operation = "
                + "'record.search' AND payload ->> 'returned' = '2'", Manifests.pathOf(name)) >= 1);
        assertEquals(0, Sql.adminCount("SELECT count(*) FROM platform.audit_log WHERE chain = ? AND operation = "
                + "'record.search' AND payload::text LIKE '%bolts%'", Manifests.pathOf(name)));

        // Bad requests get a code, never a 500.
        admin.get(records + "/search").problem(400, "INVALID_REQUEST");
        admin.get(records + "/search?q=" + "x".repeat(501)).problem(400, "INVALID_REQUEST");
        admin.get(records + "/search?q=bolts&limit=0").problem(400, "INVALID_REQUEST");
        assertEquals(0, search(admin, records, "& | ! ( :*").size(), "operators in q are text, not syntax");
    }

    @Test
    void followsChangesOfTheSearchFieldsAndRefusesSensitiveOnes() {
        String name = "search-changes";
        String records = "/api/v1/records/" + Manifests.pathOf(name);
        Api admin = Api.admin();
        String manifest = tier2(name);
        admin.post("/api/v1/schemas", "application/yaml", manifest).expect(201);
        admin.postJson(records, record("PO-2001", "blue widgets").build()).expect(201);
        assertEquals(1, search(admin, records, "widgets").size());

        admin.post("/api/v1/schemas", "application/yaml", manifest.replace("fields: [po_number, notes]",
                "fields: [po_number]")).expect(200);
        assertEquals(0, search(admin, records, "widgets").size(), "notes are no longer searched");

        JsonObject refused = admin.post("/api/v1/schemas", "application/yaml", manifest.replace(
                "fields: [po_number, notes]", "fields: [po_number, credit_card]")).problem(400, "INVALID_MANIFEST");
        assertTrue(refused.toString().contains("never indexed"), refused.toString());

        admin.post("/api/v1/schemas", "application/yaml", manifest.replace("fields: [po_number, notes]",
                "fields: []")).expect(200);
        admin.get(records + "/search?q=widgets").problem(400, "INVALID_REQUEST");

        admin.post("/api/v1/schemas", "application/yaml", manifest).expect(200);
        assertEquals(1, search(admin, records, "widgets").size(), "the column is rebuilt over existing rows");
    }

    /** The example as a tier-2 record type: these tests are about PostgreSQL's full-text search. */
    private static String tier2(String name) {
        return Manifests.exampleNamed(name).replace("tier: 3", "tier: 2");
    }

    private static JsonArray search(Api api, String records, String q) {
        return api.get(records + "/search?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8)).expect(200).json()
                .getJsonArray("items");
    }

    private static jakarta.json.JsonObjectBuilder record(String po, String notes) {
        return Json.createObjectBuilder().add("po_number", po).add("amount", 10).add("currency", "EUR")
                .add("notes", notes);
    }
}
