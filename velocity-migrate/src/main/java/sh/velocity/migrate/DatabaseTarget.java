package sh.velocity.migrate;

import java.util.Map;
import java.util.Objects;

/**
 * Where the Velocity database lives and which credentials the migrate step and the server use.
 * Read from {@code VELOCITY_DB_*} environment variables; {@link #toString()} never shows a password.
 */
public record DatabaseTarget(String host, int port, String database, String sslMode,
                             String apiUser, String apiPassword, String ownerUser, String ownerPassword) {

    public DatabaseTarget {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(database, "database");
        if (!database.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("database name must match [a-z_][a-z0-9_]{0,62}");
        }
    }

    /** Reads {@code VELOCITY_DB_HOST, _PORT, _NAME, _SSLMODE, _USER, _PASSWORD, _OWNER_USER, _OWNER_PASSWORD}. */
    public static DatabaseTarget fromEnvironment(Map<String, String> env) {
        return new DatabaseTarget(
                env.getOrDefault("VELOCITY_DB_HOST", "127.0.0.1"),
                Integer.parseInt(env.getOrDefault("VELOCITY_DB_PORT", "5432")),
                env.getOrDefault("VELOCITY_DB_NAME", "velocity"),
                env.getOrDefault("VELOCITY_DB_SSLMODE", "require"),
                env.getOrDefault("VELOCITY_DB_USER", "velocity_api"),
                env.getOrDefault("VELOCITY_DB_PASSWORD", ""),
                env.getOrDefault("VELOCITY_DB_OWNER_USER", "velocity_owner"),
                env.getOrDefault("VELOCITY_DB_OWNER_PASSWORD", ""));
    }

    public String jdbcUrl() {
        return jdbcUrl(database);
    }

    public String jdbcUrl(String db) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + db + "?sslmode=" + sslMode
                + "&ApplicationName=velocity-migrate";
    }

    @Override
    public String toString() {
        return "DatabaseTarget[" + host + ":" + port + "/" + database + ", sslmode=" + sslMode
                + ", api=" + apiUser + ", owner=" + ownerUser + "]";
    }
}
