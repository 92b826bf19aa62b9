package sh.velocity.migrate;

import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Map;

/**
 * {@code velocity-migrate}: with {@code VELOCITY_DB_ADMIN_USER} set, first bootstraps roles and
 * database as that cluster administrator; then migrates as velocity_owner. Exit 0 on success, 1 on
 * failure (the message names the step, never a password).
 */
public final class MigrateCommand {

    private MigrateCommand() {
    }

    public static void main(String[] args) {
        Map<String, String> env = System.getenv();
        DatabaseTarget target = DatabaseTarget.fromEnvironment(env);
        try {
            String adminUser = env.get("VELOCITY_DB_ADMIN_USER");
            if (adminUser != null && !adminUser.isBlank()) {
                try (Connection admin = DriverManager.getConnection(target.jdbcUrl("postgres"), adminUser,
                        env.getOrDefault("VELOCITY_DB_ADMIN_PASSWORD", ""))) {
                    RoleBootstrap.run(admin, target);
                }
                System.out.println("roles and database ready: " + target);
            }
            ContextMigrations.migrate(target);
            System.out.println("migrations applied: " + target);
        } catch (Exception e) {
            System.err.println("velocity-migrate failed: " + e.getMessage());
            System.exit(1);
        }
    }
}
