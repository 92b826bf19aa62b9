package sh.velocity.schema.application.internal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import sh.velocity.kernel.SchemaPath;
import sh.velocity.kernel.problem.ErrorCode;
import sh.velocity.kernel.problem.VelocityException;
import sh.velocity.schema.api.FieldSpec;
import sh.velocity.schema.api.RecordType;
import sh.velocity.schema.api.RecordTypes;
import sh.velocity.schema.api.RuleSpec;
import sh.velocity.schema.domain.FieldDefinition;
import sh.velocity.schema.domain.ManifestParser;
import sh.velocity.schema.domain.MaskingSpec;
import sh.velocity.schema.domain.SchemaManifest;

/**
 * Record types by path, parsed once per generation. {@link #find} asks the registry for the current
 * generation (one small query), so a change applied on another replica is seen on the next read;
 * {@link #cached} does not ask, and leaves the check to the write's own transaction.
 */
@ApplicationScoped
public class CachedRecordTypes implements RecordTypes {

    private final Map<SchemaPath, RecordType> cache = new ConcurrentHashMap<>();
    private final ManifestParser parser = new ManifestParser();

    @Inject
    sh.velocity.schema.infrastructure.persistence.JdbcSchemaRegistry registry;

    @Override
    public Optional<RecordType> find(SchemaPath path) {
        try {
            OptionalInt generation = registry.generation(path);
            if (generation.isEmpty()) {
                cache.remove(path);
                return Optional.empty();
            }
            RecordType cached = cache.get(path);
            if (cached != null && cached.generation() == generation.getAsInt()) {
                return Optional.of(cached);
            }
            var stored = registry.find(path, false);
            if (stored.isEmpty()) {
                cache.remove(path);
                return Optional.empty();
            }
            RecordType type = toRecordType(parser.parse(stored.get().manifestJson()), stored.get().generation());
            cache.put(path, type);
            return Optional.of(type);
        } catch (SQLException e) {
            throw new VelocityException(ErrorCode.INTERNAL_ERROR, "The schema registry could not be read.");
        }
    }

    @Override
    public Optional<RecordType> cached(SchemaPath path) {
        RecordType cached = cache.get(path);
        return cached != null ? Optional.of(cached) : find(path);
    }

    @Override
    public List<RecordType> withSubjectIdentifier() {
        try {
            return registry.pathsWithSubjectIdentifier().stream().map(this::find).flatMap(Optional::stream)
                    .filter(t -> t.subjectField().isPresent()).toList();
        } catch (SQLException e) {
            throw new VelocityException(ErrorCode.INTERNAL_ERROR, "The schema registry could not be read.");
        }
    }

    @Override
    public List<RecordType> inNamespace(String namespace) {
        try {
            return registry.pathsInNamespace(namespace).stream().map(this::find).flatMap(Optional::stream).toList();
        } catch (SQLException e) {
            throw new VelocityException(ErrorCode.INTERNAL_ERROR, "The schema registry could not be read.");
        }
    }

    @Override
    public List<RecordType> searchedByEngine() {
        try {
            return registry.pathsSearchedByEngine().stream().map(this::find).flatMap(Optional::stream)
                    .filter(t -> t.searchTier() == 3 && !t.searchFields().isEmpty()).toList();
        } catch (SQLException e) {
            throw new VelocityException(ErrorCode.INTERNAL_ERROR, "The schema registry could not be read.");
        }
    }

    static RecordType toRecordType(SchemaManifest m, int generation) {
        List<FieldSpec> fields = m.fields().stream().map(CachedRecordTypes::toFieldSpec).toList();
        List<RuleSpec> rules = m.rules().stream()
                .map(r -> new RuleSpec(r.rule(), r.message(), r.maxExecutionMs())).toList();
        return new RecordType(m.path(), generation, fields, rules, m.search().tier(), m.search().fields());
    }

    private static FieldSpec toFieldSpec(FieldDefinition f) {
        MaskingSpec masking = f.effectiveMasking();
        return new FieldSpec(f.name(), f.type().manifestName(), f.maxLength(), f.required(),
                f.sensitivity().manifestName(), masking == null ? null : masking.strategy().manifestName(),
                masking == null ? 0 : masking.visibleChars(), f.subjectIdentifier());
    }
}
