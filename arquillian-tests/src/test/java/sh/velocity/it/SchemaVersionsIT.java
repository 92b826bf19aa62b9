package sh.velocity.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import sh.velocity.it.support.Api;
import sh.velocity.it.support.Deployments;
import sh.velocity.it.support.Manifests;
import sh.velocity.it.support.Sql;
import sh.velocity.it.stack.TestStack;

/** Re-applying a changed manifest: additive changes apply, breaking ones need approval and a reason. */
@ExtendWith(ArquillianExtension.class)
class SchemaVersionsIT {

    private static final String APPROVED = "  namespace: acme\n  annotations:\n"
            + "    velocity.sh/breaking-change: \"approved\"\n";

    @Deployment(testable = false)
    static EnterpriseArchive app() {
        return Deployments.velocity();
    }

    @Test
    void additiveChangesApplyAndAnApprovedDropColumnIsRecordedWithItsReason() {
        Api admin = Api.admin();
        String name = "versioned";
        String path = Manifests.pathOf(name);
        String records = "/api/v1/records/" + path;
        String v1 = Manifests.exampleNamed(name);
        admin.post("/api/v1/schemas", "application/yaml", v1).expect(201);
        String id = admin.postJson(records, Json.createObjectBuilder().add("po_number", "V-1").add("amount", 7)
                .add("currency", "EUR").add("notes", "keep me?").build()).expect(201).json().getString("id");

        String additive = v1.replace("      maxLength: 1000\n", "      maxLength: 2000\n")
                .replace("  validation:\n", "    - name: priority\n      type: integer\n  validation:\n");
        JsonObject changed = admin.post("/api/v1/schemas", "application/yaml", additive).expect(200).json();
        assertEquals(2, changed.getInt("generation"));
        // this server last read generation 1 (maxLength 1000, no priority): the create's own
        // transaction finds it stale, writes nothing, and the create is made again on generation 2
        admin.postJson(records, Json.createObjectBuilder().add("po_number", "V-2").add("amount", 1)
                .add("currency", "USD").add("priority", 3).add("notes", "n".repeat(1500)).build()).expect(201);
        assertEquals(1, Sql.adminCount("SELECT count(*) FROM acme_supply_chain_procurement." + table(name)
                + " WHERE po_number = 'V-2'"));

        String dropped = additive.replace("    - name: notes\n      type: string\n      maxLength: 2000\n", "")
                .replace("fields: [po_number, notes]", "fields: [po_number]");
        JsonObject refused = admin.post("/api/v1/schemas", "application/yaml", dropped)
                .problem(409, "BREAKING_CHANGE_NOT_APPROVED");
        assertTrue(refused.getString("detail").contains("notes"), refused.toString());
        assertEquals(1, columnCount(name, "notes"), "nothing changed");

        String approvedWithoutReason = dropped.replace("  namespace: acme\n", APPROVED);
        admin.post("/api/v1/schemas", "application/yaml", approvedWithoutReason)
                .problem(409, "BREAKING_CHANGE_NOT_APPROVED");

        String approved = approvedWithoutReason + "  migrations:\n    - type: DropColumn\n      column: notes\n"
                + "      reason: \"Notes moved to the document store\"\n";
        assertEquals(3, admin.post("/api/v1/schemas", "application/yaml", approved).expect(200).json()
                .getInt("generation"));
        assertEquals(0, columnCount(name, "notes"));
        // this server holds generation 2, with notes: the read's own statement finds it stale
        // (selecting notes would fail) and the record is read again on generation 3
        JsonObject kept = admin.get(records + "/" + id).expect(200).json();
        assertEquals("V-1", kept.getString("po_number"));
        assertEquals(7, kept.getJsonNumber("amount").intValue());
        assertFalse(kept.containsKey("notes"));
        // and so is the write, made again on generation 3, which has no notes
        JsonObject unknown = admin.postJson(records, Json.createObjectBuilder().add("po_number", "V-3")
                .add("amount", 2).add("currency", "EUR").add("notes", "gone").build())
                .problem(400, "VALIDATION_FAILED");
        assertTrue(unknown.toString().contains("notes"), unknown.toString());
        assertEquals(0, Sql.adminCount("SELECT count(*) FROM acme_supply_chain_procurement." + table(name)
                + " WHERE po_number = 'V-3'"));

        JsonObject detail = admin.get("/api/v1/schemas/" + path).expect(200).json();
        assertEquals(3, detail.getInt("generation"));
        String history = detail.getJsonArray("history").toString();
        assertTrue(history.contains("Notes moved to the document store"), history);
        assertEquals(1, Sql.adminCount("SELECT count(*) FROM platform.audit_log WHERE chain = 'platform' "
                + "AND operation = 'schema.migrate' AND resource = ? "
                + "AND payload::text LIKE '%Notes moved to the document store%'", path));

        // the check a create or a read makes in its own transaction, as velocity_api makes it
        String qualified = "acme_supply_chain_procurement." + table(name);
        assertEquals(1, Sql.apiCount("SELECT count(*) FROM platform.require_schema_generation(?, 3, ?)", path,
                qualified));
        IllegalStateException stale = assertThrows(IllegalStateException.class,
                () -> Sql.apiCount("SELECT count(*) FROM platform.require_schema_generation(?, 2, ?)", path,
                        qualified));
        assertEquals("VS001", ((SQLException) stale.getCause()).getSQLState());
    }

    @Test
    void anApprovedRenameKeepsTheDataAndANewVersionLivesBesideTheOld() {
        Api admin = Api.admin();
        String name = "renamed";
        String path = Manifests.pathOf(name);
        String v1 = Manifests.exampleNamed(name);
        admin.post("/api/v1/schemas", "application/yaml", v1).expect(201);
        String id = admin.postJson("/api/v1/records/" + path, Json.createObjectBuilder().add("po_number", "R-1")
                .add("amount", 2).add("currency", "USD").add("notes", "carried over").build()).expect(201)
                .json().getString("id");

        String renamed = v1.replace("  namespace: acme\n", APPROVED)
                .replace("    - name: notes\n", "    - name: remarks\n")
                .replace("fields: [po_number, notes]", "fields: [po_number, remarks]")
                + "  migrations:\n    - type: RenameColumn\n      column: notes\n      to: remarks\n"
                + "      reason: \"Align with the ERP's vocabulary\"\n";
        admin.post("/api/v1/schemas", "application/yaml", renamed).expect(200);
        assertEquals("carried over", admin.get("/api/v1/records/" + path + "/" + id).expect(200).json()
                .getString("remarks"));

        String v2 = v1.replace("  version: v1\n", "  version: v2\n");
        admin.post("/api/v1/schemas", "application/yaml", v2).expect(201);
        assertEquals(1, Sql.adminCount("SELECT count(*) FROM pg_tables WHERE schemaname = "
                + "'acme_supply_chain_procurement' AND tablename = 'renamed_v2'"));
        assertEquals(1, admin.get("/api/v1/records/" + path).expect(200).json().getJsonArray("items").size());
    }

    /**
     * Requests that reach the record table while an approved breaking change holds it wait for the
     * change, then find the type they took from this server's cache stale and are served on the
     * type the change made: the read and the update without the dropped column, the create refused
     * for naming it, the delete done. Served on the cached type they would select, insert or
     * return a column that is gone.
     */
    @Test
    void requestsWaitingBehindASchemaChangeAreServedOnTheTypeItMade() throws Exception {
        Api admin = Api.admin();
        String name = "raced";
        String path = Manifests.pathOf(name);
        String records = "/api/v1/records/" + path;
        String subject = "raced@example.com";
        String v1 = Manifests.exampleNamed(name).replace("tier: 3", "tier: 2")
                .replace("  validation:\n", "    - name: customer_email\n      type: string\n      maxLength: 254\n"
                        + "      subjectIdentifier: true\n  validation:\n");
        admin.post("/api/v1/schemas", "application/yaml", v1).expect(201);
        String id = admin.postJson(records, Json.createObjectBuilder().add("po_number", "C-1").add("amount", 3)
                .add("currency", "EUR").add("notes", "before the change").add("customer_email", subject).build())
                .expect(201).json().getString("id");
        String erasedSubject = "erased@example.com";
        admin.postJson(records, Json.createObjectBuilder().add("po_number", "C-3").add("amount", 2)
                .add("currency", "EUR").add("notes", "to be erased").add("customer_email", erasedSubject).build())
                .expect(201);
        String doomed = admin.postJson(records, Json.createObjectBuilder().add("po_number", "C-0").add("amount", 1)
                .add("currency", "EUR").build()).expect(201).json().getString("id");
        assertTrue(admin.get(records + "/" + id).expect(200).json().containsKey("notes"), "generation 1 is held");
        String dropped = v1.replace("  namespace: acme\n", APPROVED)
                .replace("    - name: notes\n      type: string\n      maxLength: 1000\n", "")
                .replace("fields: [po_number, notes]", "fields: [po_number]")
                + "  migrations:\n    - type: DropColumn\n      column: notes\n      reason: \"Moved\"\n";
        String table = "acme_supply_chain_procurement." + table(name);

        ExecutorService clients = Executors.newFixedThreadPool(8);
        try {
            Future<Api.Response> change;
            Future<Api.Response> read;
            Future<Api.Response> search;
            Future<Api.Response> export;
            Future<Api.Response> erase;
            Future<Api.Response> create;
            Future<Api.Response> update;
            Future<Api.Response> delete;
            try (Connection holder = TestStack.current().adminConnection(); Statement st = holder.createStatement()) {
                holder.setAutoCommit(false);
                st.execute("LOCK TABLE " + table + " IN ACCESS EXCLUSIVE MODE");
                change = clients.submit(() -> admin.post("/api/v1/schemas", "application/yaml", dropped));
                awaitWaiting(table, 1);
                assertEquals("AccessExclusiveLock", Sql.adminString("SELECT mode FROM pg_locks WHERE relation = "
                        + "?::regclass AND NOT granted", table), "the change waits to alter the table");
                read = clients.submit(() -> admin.get(records + "/" + id));
                create = clients.submit(() -> admin.postJson(records, Json.createObjectBuilder().add("po_number", "C-2")
                        .add("amount", 4).add("currency", "EUR").add("notes", "during the change").build()));
                update = clients.submit(() -> admin.patchJson(records + "/" + id,
                        Json.createObjectBuilder().add("amount", 5).build()));
                delete = clients.submit(() -> admin.delete(records + "/" + doomed));
                search = clients.submit(() -> admin.get(records + "/search?q=C-1"));
                export = clients.submit(() -> admin.postJson("/api/v1/subjects/export",
                        Json.createObjectBuilder().add("subject", subject).build()));
                erase = clients.submit(() -> admin.postJson("/api/v1/subjects/erase",
                        Json.createObjectBuilder().add("subject", erasedSubject).build()));
                awaitWaiting(table, 8);
                holder.rollback();
            }
            assertEquals(2, change.get(60, TimeUnit.SECONDS).expect(200).json().getInt("generation"));
            JsonObject kept = read.get(60, TimeUnit.SECONDS).expect(200).json();
            assertEquals("C-1", kept.getString("po_number"));
            assertFalse(kept.containsKey("notes"), kept.toString());
            JsonObject refused = create.get(60, TimeUnit.SECONDS).problem(400, "VALIDATION_FAILED");
            assertTrue(refused.toString().contains("notes"), refused.toString());
            assertEquals(0, Sql.adminCount("SELECT count(*) FROM " + table + " WHERE po_number = 'C-2'"));
            JsonObject updated = update.get(60, TimeUnit.SECONDS).expect(200).json();
            assertEquals(5, updated.getJsonNumber("amount").intValue());
            assertFalse(updated.containsKey("notes"), updated.toString());
            delete.get(60, TimeUnit.SECONDS).expect(204);
            JsonObject found = search.get(60, TimeUnit.SECONDS).expect(200).json();
            assertEquals(id, found.getJsonArray("items").getJsonObject(0).getString("id"), found.toString());
            assertFalse(found.toString().contains("notes"), found.toString());
            JsonObject exported = export.get(60, TimeUnit.SECONDS).expect(200).json();
            assertEquals(1, exported.getInt("records"), exported.toString());
            assertFalse(exported.toString().contains("notes"), exported.toString());
            assertEquals(1, erase.get(60, TimeUnit.SECONDS).expect(200).json().getInt("erased"));
            assertEquals(0, Sql.adminCount("SELECT count(*) FROM " + table + " WHERE po_number = 'C-3'"));
            assertEquals(0, Sql.adminCount("SELECT count(*) FROM " + table + " WHERE po_number = 'C-0'"));
        } finally {
            clients.shutdownNow();
        }
    }

    /** Waits until {@code count} lock requests on the table are waiting (at most 20 s). */
    private static void awaitWaiting(String table, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (Sql.adminCount("SELECT count(*) FROM pg_locks WHERE relation = ?::regclass AND NOT granted", table)
                < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(count + " lock requests on " + table + " never waited");
            }
            Thread.sleep(20);
        }
    }

    private static long columnCount(String name, String column) {
        return Sql.adminCount("SELECT count(*) FROM information_schema.columns WHERE table_schema = "
                + "'acme_supply_chain_procurement' AND table_name = ? AND column_name = ?", table(name), column);
    }

    private static String table(String name) {
        return name.replace('-', '_') + "_v1";
    }
}
