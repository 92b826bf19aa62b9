package sh.velocity.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
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
import sh.velocity.migrate.DatabaseTarget;
import sh.velocity.migrate.RoleBootstrap;

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

    /**
     * PostgreSQL writes a logged statement's bound values into its log unless the role says not to,
     * and with them a record's fields, sensitive ones included: both roles carry the settings that
     * stop it, and the server's sessions run with them.
     */
    @Test
    void postgresqlLogsNoValueBoundToTheRolesStatements() {
        for (String role : new String[] {"velocity_api", "velocity_owner"}) {
            assertEquals(1, Sql.adminCount("SELECT count(*) FROM pg_db_role_setting s JOIN pg_roles r ON r.oid = "
                    + "s.setrole WHERE r.rolname = ? AND s.setdatabase = 0 AND 'log_parameter_max_length=0' = ANY "
                    + "(s.setconfig) AND 'log_parameter_max_length_on_error=0' = ANY (s.setconfig)", role), role);
        }
        assertEquals(1, Sql.apiCount("SELECT count(*) WHERE current_setting('log_parameter_max_length') = '0' "
                + "AND current_setting('log_parameter_max_length_on_error') = '0'"));
    }

    /**
     * The role bootstrap sends a password as the SCRAM-SHA-256 verifier the driver computes, never
     * as statement text that {@code log_statement = 'ddl'} would write into PostgreSQL's log. Run
     * here for two throwaway roles on a connection that records every statement text it is given:
     * neither password appears, and each stored verifier is that of its password (checked as a server
     * checks a login, since these machines' PostgreSQL trusts loopback and would accept any).
     */
    @Test
    void theRoleBootstrapNeverSendsAPasswordAsText() throws Exception {
        String suffix = Long.toHexString(System.nanoTime());
        String api = "it_api_" + suffix;
        String owner = "it_owner_" + suffix;
        String apiPassword = "api-" + UUID.randomUUID();
        String ownerPassword = "owner-" + UUID.randomUUID();
        TestStack.AdminLogin login = TestStack.current().adminLogin();
        List<String> sent = new ArrayList<>();
        try (Connection admin = TestStack.current().adminConnection()) {
            RoleBootstrap.run(recording(admin, sent), new DatabaseTarget(login.host(), login.port(), login.database(),
                    "disable", api, apiPassword, owner, ownerPassword));
            assertTrue(sent.stream().anyMatch(sql -> sql.contains(api)), "the recording saw the bootstrap's statements");
            for (String sql : sent) {
                assertFalse(sql.contains(apiPassword) || sql.contains(ownerPassword), "a password was sent as text");
            }
            assertScramVerifierOf(apiPassword, Sql.adminString("SELECT rolpassword FROM pg_authid WHERE rolname = ?",
                    api));
            assertScramVerifierOf(ownerPassword, Sql.adminString("SELECT rolpassword FROM pg_authid WHERE rolname = ?",
                    owner));
            assertEquals(2, Sql.adminCount("SELECT count(*) FROM pg_db_role_setting s JOIN pg_roles r ON r.oid = "
                    + "s.setrole WHERE r.rolname IN (?, ?) AND 'log_parameter_max_length=0' = ANY (s.setconfig)",
                    api, owner));
        } finally {
            Sql.admin("DROP ROLE IF EXISTS " + api, "DROP ROLE IF EXISTS " + owner);
        }
    }

    /**
     * An administrator that may create roles but not set the two log settings (no superuser) still
     * bootstraps them, and is told what to run: the warning names both statements, and the roles
     * are left without the settings (which the checklist's masking check then reports).
     */
    @Test
    void anAdministratorThatMayNotSetTheLogSettingsIsToldWhatToRun() throws Exception {
        String suffix = Long.toHexString(System.nanoTime());
        String adminRole = "it_admin_" + suffix;
        String api = "it_api_" + suffix;
        String owner = "it_owner_" + suffix;
        TestStack.AdminLogin login = TestStack.current().adminLogin();
        Sql.admin("CREATE ROLE " + adminRole + " LOGIN CREATEROLE NOSUPERUSER");
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        // the bootstrap runs connected to the postgres database (operations guide, section 4)
        try (Connection admin = DriverManager.getConnection("jdbc:postgresql://" + login.host() + ":"
                + login.port() + "/postgres", adminRole, "")) {
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            RoleBootstrap.run(admin, new DatabaseTarget(login.host(), login.port(), login.database(), "disable", api,
                    "", owner, ""));
            System.setErr(err);
            assertEquals(2, Sql.adminCount("SELECT count(*) FROM pg_roles WHERE rolname IN (?, ?)", api, owner));
            assertEquals(0, Sql.adminCount("SELECT count(*) FROM pg_db_role_setting s JOIN pg_roles r ON r.oid = "
                    + "s.setrole WHERE r.rolname IN (?, ?)", api, owner));
        } finally {
            System.setErr(err);
            Sql.admin("DROP ROLE IF EXISTS " + api, "DROP ROLE IF EXISTS " + owner, "DROP ROLE IF EXISTS " + adminRole);
        }
        String warning = captured.toString(StandardCharsets.UTF_8);
        for (String role : new String[] {api, owner}) {
            assertTrue(warning.contains("ALTER ROLE \"" + role + "\" SET log_parameter_max_length = 0"), warning);
            assertTrue(warning.contains("ALTER ROLE \"" + role + "\" SET log_parameter_max_length_on_error = 0"),
                    warning);
        }
    }

    /** SCRAM-SHA-256$&lt;iterations&gt;:&lt;salt&gt;$&lt;StoredKey&gt;:&lt;ServerKey&gt; (RFC 5803), recomputed from the password. */
    private static void assertScramVerifierOf(String password, String stored) throws Exception {
        Matcher m = Pattern.compile("SCRAM-SHA-256\\$(\\d+):([^$]+)\\$([^:]+):(.+)").matcher(stored);
        assertTrue(m.matches(), "not a SCRAM-SHA-256 verifier");
        Base64.Decoder b64 = Base64.getDecoder();
        byte[] salted = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(new PBEKeySpec(
                password.toCharArray(), b64.decode(m.group(2)), Integer.parseInt(m.group(1)), 256)).getEncoded();
        byte[] storedKey = MessageDigest.getInstance("SHA-256").digest(hmac(salted, "Client Key"));
        assertTrue(MessageDigest.isEqual(b64.decode(m.group(3)), storedKey), "StoredKey");
        assertTrue(MessageDigest.isEqual(b64.decode(m.group(4)), hmac(salted, "Server Key")), "ServerKey");
    }

    /** {@code c}, recording the text of every statement created or executed through it. */
    private static Connection recording(Connection c, List<String> sent) {
        return (Connection) Proxy.newProxyInstance(DatabaseRoleIT.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                    if (method.getName().equals("prepareStatement") && args != null && args[0] instanceof String sql) {
                        sent.add(sql);
                    }
                    Object result = invoke(method, c, args);
                    if (result instanceof Statement st && !(result instanceof PreparedStatement)) {
                        return Proxy.newProxyInstance(DatabaseRoleIT.class.getClassLoader(),
                                new Class<?>[] {Statement.class}, (p, m, a) -> {
                                    if (a != null && a.length > 0 && a[0] instanceof String sql) {
                                        sent.add(sql);
                                    }
                                    return invoke(m, st, a);
                                });
                    }
                    return result;
                });
    }

    private static Object invoke(Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static byte[] hmac(byte[] key, String text) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(text.getBytes(StandardCharsets.US_ASCII));
    }

    private static void asApi(String sql) throws SQLException {
        try (Connection c = TestStack.current().apiConnection(); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
