package sh.velocity.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import sh.velocity.it.support.Api;
import sh.velocity.it.support.Deployments;
import sh.velocity.it.support.Manifests;
import sh.velocity.it.support.Sql;

/** Applying a manifest creates the record table, outbox and domain role through the DDL gateway. */
@ExtendWith(ArquillianExtension.class)
class SchemaApplyIT {

    @Deployment(testable = false)
    static EnterpriseArchive app() {
        return Deployments.velocity();
    }

    @Test
    void exampleManifestCreatesTableOutboxAndRoleWithRlsEnabledAndForced() {
        Api admin = Api.admin();
        Api.Response first = admin.post("/api/v1/schemas", "application/yaml", Manifests.example());
        assertTrue(first.status() == 201 || first.status() == 204, "created (or already there): " + first.body());

        assertEquals(1, Sql.adminCount("SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                + "WHERE n.nspname = 'acme_supply_chain_procurement' AND c.relname = 'purchase_order_v1' "
                + "AND c.relrowsecurity AND c.relforcerowsecurity"));
        assertEquals(1, Sql.adminCount("SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                + "WHERE n.nspname = 'acme_supply_chain_procurement' AND c.relname = 'purchase_order_v1_outbox' "
                + "AND c.relrowsecurity AND c.relforcerowsecurity"));
        assertEquals(1, Sql.adminCount("SELECT count(*) FROM pg_roles WHERE rolname = 'acme_supply_chain_procurement_role'"));
        assertEquals(1, Sql.adminCount("SELECT count(*) FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.roleid "
                + "JOIN pg_roles u ON u.oid = m.member WHERE r.rolname = 'acme_supply_chain_procurement_role' "
                + "AND u.rolname = 'velocity_api'"));
        assertEquals(0, Sql.adminCount("SELECT count(*) FROM pg_tables WHERE schemaname = "
                + "'acme_supply_chain_procurement' AND tableowner = 'velocity_api'"), "velocity_api owns nothing");

        admin.post("/api/v1/schemas", "application/yaml", Manifests.example()).expect(204);
    }

    @Test
    void stringFieldWithoutMaxLengthIsRefusedWithInvalidManifest() {
        String manifest = Manifests.exampleNamed("no-max-length").replace("      maxLength: 1000\n", "");
        JsonObject problem = Api.admin().post("/api/v1/schemas", "application/yaml", manifest)
                .problem(400, "INVALID_MANIFEST");
        assertTrue(problem.toString().contains("maxLength"), problem.toString());
        assertEquals(0, Sql.adminCount("SELECT count(*) FROM pg_tables WHERE tablename = 'no_max_length_v1'"));
        assertTrue(Sql.adminCount("SELECT count(*) FROM platform.audit_log WHERE chain = 'platform' "
                + "AND operation = 'http.post' AND resource = '/api/v1/schemas' AND result = 'failure' "
                + "AND fail_mode = 'INVALID_MANIFEST' AND actor = 'bootstrap-admin'") >= 1, "the refusal is audited");
    }

    @Test
    void applyingWithoutCredentialsOrPermissionIsRefused() {
        Api.anonymous().post("/api/v1/schemas", "application/yaml", Manifests.exampleNamed("anon"))
                .problem(401, "UNAUTHENTICATED");
        String key = Api.admin().createKey("schema-nobody");
        Api.withKey(key).post("/api/v1/schemas", "application/yaml", Manifests.exampleNamed("nobody"))
                .problem(403, "FORBIDDEN");
        assertEquals(0, Sql.adminCount("SELECT count(*) FROM pg_tables WHERE tablename IN ('anon_v1', 'nobody_v1')"));
    }
}
