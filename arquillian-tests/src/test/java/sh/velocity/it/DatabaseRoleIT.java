package sh.velocity.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import sh.velocity.it.stack.TestStack;
import sh.velocity.it.support.Api;
import sh.velocity.it.support.Deployments;
import sh.velocity.it.support.Manifests;
import sh.velocity.it.support.Sql;

/** What velocity_api can and cannot do over plain JDBC, as an operator would check with psql. */
@ExtendWith(ArquillianExtension.class)
class DatabaseRoleIT {

    private static final String PATH = Manifests.pathOf("role-check");

    @Deployment(testable = false)
    static EnterpriseArchive app() {
        return Deployments.velocity();
    }

    @BeforeAll
    static void aRecordExists() {
        Api admin = Api.admin();
        admin.post("/api/v1/schemas", "application/yaml", Manifests.exampleNamed("role-check"));
        admin.postJson("/api/v1/records/" + PATH, Json.createObjectBuilder().add("po_number", "R-1")
                .add("amount", 5).add("currency", "USD").build()).expect(201);
    }

    @Test
    void selectAsVelocityApiWithoutPrincipalReturnsZeroRowsThoughRecordsExist() {
        assertTrue(Sql.adminCount("SELECT count(*) FROM acme_supply_chain_procurement.role_check_v1") > 0);
        assertEquals(0, Sql.apiCount("SELECT count(*) FROM acme_supply_chain_procurement.role_check_v1"));
        assertEquals(0, Sql.apiCount("SELECT count(*) FROM acme_supply_chain_procurement.role_check_v1_outbox"));
    }

    @Test
    void velocityApiCannotCreateTablesAnywhere() {
        for (String schema : new String[] {"public", "platform", "acme_supply_chain_procurement"}) {
            SQLException e = assertThrows(SQLException.class,
                    () -> asApi("CREATE TABLE " + schema + ".intruder (id int)"));
            assertEquals("42501", e.getSQLState(), schema + ": " + e.getMessage());
        }
        assertEquals("42501", assertThrows(SQLException.class, () -> asApi("CREATE SCHEMA intruder")).getSQLState());
        assertEquals("42501", assertThrows(SQLException.class, () -> asApi("CREATE TEMP TABLE t (id int)")).getSQLState());
    }

    @Test
    void updateDeleteAndTruncateOnTheAuditLogAreRefused() {
        for (String sql : new String[] {"UPDATE platform.audit_log SET actor = 'x'", "DELETE FROM platform.audit_log",
                "TRUNCATE platform.audit_log"}) {
            SQLException e = assertThrows(SQLException.class, () -> asApi(sql));
            assertEquals("42501", e.getSQLState(), sql + ": " + e.getMessage());
            assertTrue(e.getMessage().contains("permission denied"), e.getMessage());
        }
    }

    @Test
    void roleAttributesMatchTheHardeningChecklist() {
        assertEquals(1, Sql.adminCount("SELECT count(*) FROM pg_roles WHERE rolname = 'velocity_api' "
                + "AND NOT rolsuper AND NOT rolbypassrls AND rolinherit AND NOT rolcreaterole AND NOT rolcreatedb"));
        for (String procedure : new String[] {"audit_insert", "audit_append"}) {
            assertEquals(1, Sql.adminCount("SELECT count(*) FROM information_schema.routines WHERE routine_schema "
                    + "= 'platform' AND routine_name = ? AND routine_type = 'PROCEDURE'", procedure), procedure);
        }
    }

    @Test
    void theServerRoleQueuesAuditEventsOnlyThroughAuditAppend() {
        for (String sql : new String[] {
                "CALL platform.audit_insert('platform', 'x', 'x', 'x', 'success', null, null, null, '{}')",
                "SELECT count(*) FROM platform.audit_pending",
                "INSERT INTO platform.audit_pending (chain, actor, operation, resource, result, payload) "
                        + "VALUES ('platform', 'x', 'x', 'x', 'success', '{}')",
                "UPDATE platform.audit_chain_heads SET seq = 0"}) {
            SQLException e = assertThrows(SQLException.class, () -> asApi(sql));
            assertEquals("42501", e.getSQLState(), sql + ": " + e.getMessage());
        }
    }

    private static void asApi(String sql) throws SQLException {
        try (Connection c = TestStack.current().apiConnection(); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
