package sh.velocity.compliance.application.internal;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import sh.velocity.compliance.domain.packs.CompiledPack;
import sh.velocity.compliance.domain.packs.CompliancePack;
import sh.velocity.compliance.domain.packs.ControlRules;
import sh.velocity.compliance.domain.packs.PackJudge;
import sh.velocity.compliance.domain.packs.PackParser;
import sh.velocity.compliance.domain.packs.ShippedPacks;
import sh.velocity.compliance.infrastructure.packs.JdbcPacks;
import sh.velocity.compliance.infrastructure.packs.JdbcPacks.StoredPack;
import sh.velocity.kernel.problem.ErrorCode;
import sh.velocity.kernel.problem.VelocityException;
import sh.velocity.schema.api.SchemaAdministration;

/**
 * The shipped packs (read and compiled once) and the packs organisations enabled, compiled once per
 * stored version: each lookup reads the namespace's rows (one small query, so a pack applied on
 * another replica counts at once) and reuses the compiled form while its spec hash is unchanged.
 */
@ApplicationScoped
public class PackCatalog {

    private final ControlRules rules = new ControlRules();
    private final PackJudge judge = new PackJudge(rules);
    private final Map<String, Enabled> compiled = new ConcurrentHashMap<>();
    private PackParser parser;
    private Map<String, CompliancePack> shipped;

    @Inject
    JdbcPacks store;

    @Inject
    SchemaAdministration schemas;

    /** Packs are read as every manifest is, with the admission path's YAML limits. */
    @PostConstruct
    void init() {
        parser = new PackParser(rules, schemas::manifestDocument);
        shipped = ShippedPacks.load(PackCatalog.class.getClassLoader(), parser);
    }

    /** An enabled pack: its row, its manifest as applied, and its controls resolved and compiled. */
    public record Enabled(StoredPack row, CompliancePack manifest, CompiledPack pack) {
    }

    public PackJudge judge() {
        return judge;
    }

    public Map<String, CompliancePack> shipped() {
        return shipped;
    }

    /** Parses and admits an organisation's pack (INVALID_MANIFEST with every problem). */
    public CompliancePack admit(String text) {
        return parser.parse(text, shipped);
    }

    /** The packs enabled for {@code namespace} (every namespace when null). */
    public List<Enabled> enabled(String namespace) {
        try {
            return store.list(namespace).stream().map(this::compile).toList();
        } catch (SQLException e) {
            throw new VelocityException(ErrorCode.INTERNAL_ERROR, "The compliance packs could not be read.");
        }
    }

    private Enabled compile(StoredPack row) {
        String key = row.namespace() + "/" + row.name();
        Enabled cached = compiled.get(key);
        if (cached != null && cached.row().specHash().equals(row.specHash())) {
            return cached;
        }
        CompliancePack manifest = parser.parse(row.manifestJson(), shipped);
        CompliancePack resolved = manifest.builtin() == null ? manifest
                : manifest.resolvedWith(shipped.get(manifest.builtin()));
        Enabled fresh = new Enabled(row, manifest, CompiledPack.of(resolved, rules));
        compiled.put(key, fresh);
        return fresh;
    }
}
