package sh.velocity.migrate;

import java.util.List;
import org.flywaydb.core.Flyway;

/**
 * Runs the migrations of each bounded context, in dependency order, as velocity_owner. Each context
 * keeps its own history table ({@code platform.flyway_history_<context>}) so contexts version
 * independently; their SQL lives beside their code ({@code db/migration/<context>} in each module).
 */
public final class ContextMigrations {

    /** Order matters: later contexts reference earlier ones' objects. */
    public static final List<String> CONTEXTS = List.of("platform", "audit", "auth", "schema", "records",
            "compliance");

    private ContextMigrations() {
    }

    public static void migrate(DatabaseTarget target) {
        ClassLoader loader = ContextMigrations.class.getClassLoader();
        for (String context : CONTEXTS) {
            Flyway.configure(loader)
                    .dataSource(target.jdbcUrl(), target.ownerUser(), target.ownerPassword())
                    .schemas("platform")
                    .table("flyway_history_" + context)
                    .locations("classpath:db/migration/" + context)
                    .baselineOnMigrate(true)
                    .baselineVersion("0")
                    .validateMigrationNaming(true)
                    .load()
                    .migrate();
        }
    }
}
