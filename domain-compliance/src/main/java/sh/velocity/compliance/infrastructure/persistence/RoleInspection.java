package sh.velocity.compliance.infrastructure.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import sh.velocity.kernel.db.Database;

/**
 * Looks at the role the server is connected as and lists everything that would let it get around
 * row-level security or change the schema outside the DDL gateway.
 */
@ApplicationScoped
public class RoleInspection {

    @Inject
    Database database;

    /** Problems, each a complete sentence starting with the role's name; empty when sound. */
    public List<String> problems() throws SQLException {
        List<String> problems = new ArrayList<>();
        try (Connection c = database.plainConnection()) {
            String role;
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT rolname, rolsuper, rolbypassrls, rolinherit FROM pg_roles WHERE rolname = current_user");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                role = rs.getString("rolname");
                if (rs.getBoolean("rolbypassrls")) {
                    problems.add(role + " role has BYPASSRLS=true — RLS will not work.");
                }
                if (rs.getBoolean("rolsuper")) {
                    problems.add(role + " role has SUPERUSER=true — RLS will not work.");
                }
                if (!rs.getBoolean("rolinherit")) {
                    problems.add(role + " role has INHERIT=false — the per-domain grants will not apply.");
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT has_database_privilege(current_database(), 'CREATE'), "
                    + "(SELECT string_agg(nspname, ', ' ORDER BY nspname) FROM pg_namespace "
                    + " WHERE has_schema_privilege(oid, 'CREATE') AND nspname NOT LIKE 'pg\\_temp\\_%' "
                    + " AND nspname NOT LIKE 'pg\\_toast\\_temp\\_%')");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (rs.getBoolean(1)) {
                    problems.add(role + " role may CREATE schemas in this database — schema changes must go "
                            + "through the DDL gateway.");
                }
                if (rs.getString(2) != null) {
                    problems.add(role + " role may CREATE in schema(s) " + rs.getString(2)
                            + " — schema changes must go through the DDL gateway.");
                }
            }
        }
        return problems;
    }
}
