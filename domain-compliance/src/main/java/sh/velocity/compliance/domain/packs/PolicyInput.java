package sh.velocity.compliance.domain.packs;

import dev.cel.common.types.CelType;
import dev.cel.common.types.ListType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.common.types.StructType;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import sh.velocity.schema.api.PolicySubject;

/**
 * What a control's CEL rule sees, as a documented, typed contract (README, "Compliance packs"):
 *
 * <pre>
 * schema:   path, namespace, domain, subdomain, name, version (string)
 *           fields (list of field), subjectField (string, "" when none),
 *           searchTier (int), searchFields (list of string), rules (list of string: the CEL texts),
 *           annotations (map of string to string), sensitivities (list of string, each once)
 * field:    name, type, sensitivity (string), maxLength (int, 0 when none), required (bool),
 *           masking (string: the declared strategy, "" when the manifest declares none),
 *           visibleChars (int), effectiveMasking (string: what readers get, "" = shown as is),
 *           masked (bool), encrypted (bool: encrypted at rest), subjectIdentifier, searchable (bool)
 * platform: namespace (string), auditRetentionDays (int, 0 when kept forever),
 *           auditRetentionForever (bool), activeLegalHolds (int), encryptedSensitivities (list of string)
 * </pre>
 *
 * Every member is always present (absent values have the stated neutral value, never null), so a
 * rule never fails on a missing key. The types are CEL struct types: the checker refuses a rule
 * that names a member that does not exist, at admission.
 */
public final class PolicyInput {

    public static final String SCHEMA = "schema";
    public static final String FIELD = "field";
    public static final String PLATFORM = "platform";

    static final String FIELD_TYPE = "velocity.compliance.Field";
    static final String SCHEMA_TYPE = "velocity.compliance.Schema";
    static final String PLATFORM_TYPE = "velocity.compliance.Platform";

    static final StructType FIELD_STRUCT = struct(FIELD_TYPE, members(
            "name", SimpleType.STRING, "type", SimpleType.STRING, "sensitivity", SimpleType.STRING,
            "maxLength", SimpleType.INT, "required", SimpleType.BOOL, "masking", SimpleType.STRING,
            "visibleChars", SimpleType.INT, "effectiveMasking", SimpleType.STRING, "masked", SimpleType.BOOL,
            "encrypted", SimpleType.BOOL, "subjectIdentifier", SimpleType.BOOL, "searchable", SimpleType.BOOL));

    static final StructType SCHEMA_STRUCT = struct(SCHEMA_TYPE, members(
            "path", SimpleType.STRING, "namespace", SimpleType.STRING, "domain", SimpleType.STRING,
            "subdomain", SimpleType.STRING, "name", SimpleType.STRING, "version", SimpleType.STRING,
            "fields", ListType.create(FIELD_STRUCT), "subjectField", SimpleType.STRING,
            "searchTier", SimpleType.INT, "searchFields", ListType.create(SimpleType.STRING),
            "rules", ListType.create(SimpleType.STRING),
            "annotations", MapType.create(SimpleType.STRING, SimpleType.STRING),
            "sensitivities", ListType.create(SimpleType.STRING)));

    static final StructType PLATFORM_STRUCT = struct(PLATFORM_TYPE, members(
            "namespace", SimpleType.STRING, "auditRetentionDays", SimpleType.INT,
            "auditRetentionForever", SimpleType.BOOL, "activeLegalHolds", SimpleType.INT,
            "encryptedSensitivities", ListType.create(SimpleType.STRING)));

    private PolicyInput() {
    }

    /** The {@code schema} value of a subject. */
    public static Map<String, Object> schema(PolicySubject s, PlatformSettings settings) {
        String[] segments = s.schemaPath().split("/");
        Map<String, Object> out = new HashMap<>();
        out.put("path", s.schemaPath());
        out.put("namespace", segments[0]);
        out.put("domain", segments[1]);
        out.put("subdomain", segments[2]);
        out.put("name", segments[3]);
        out.put("version", segments[4]);
        out.put("fields", s.fields().stream().map(f -> field(s, f, settings)).toList());
        out.put("subjectField", s.fields().stream().filter(PolicySubject.Field::subjectIdentifier)
                .map(PolicySubject.Field::name).findFirst().orElse(""));
        out.put("searchTier", (long) s.searchTier());
        out.put("searchFields", s.searchFields());
        out.put("rules", s.rules());
        out.put("annotations", s.annotations());
        out.put("sensitivities", s.fields().stream().map(PolicySubject.Field::sensitivity).distinct().toList());
        return out;
    }

    /** The {@code field} value of one field of a subject. */
    public static Map<String, Object> field(PolicySubject s, PolicySubject.Field f, PlatformSettings settings) {
        Map<String, Object> out = new HashMap<>();
        out.put("name", f.name());
        out.put("type", f.type());
        out.put("sensitivity", f.sensitivity());
        out.put("maxLength", f.maxLength() == null ? 0L : (long) f.maxLength());
        out.put("required", f.required());
        out.put("masking", f.masking() == null ? "" : f.masking());
        out.put("visibleChars", (long) f.visibleChars());
        out.put("effectiveMasking", f.effectiveMasking() == null ? "" : f.effectiveMasking());
        out.put("masked", f.effectiveMasking() != null);
        out.put("encrypted", settings.encryptedSensitivities().contains(f.sensitivity()));
        out.put("subjectIdentifier", f.subjectIdentifier());
        out.put("searchable", s.searchFields().contains(f.name()));
        return out;
    }

    /** The {@code platform} value. */
    public static Map<String, Object> platform(PlatformSettings p) {
        Map<String, Object> out = new HashMap<>();
        out.put("namespace", p.namespace());
        out.put("auditRetentionDays", p.auditRetentionDays() == null ? 0L : (long) p.auditRetentionDays());
        out.put("auditRetentionForever", p.auditRetentionDays() == null);
        out.put("activeLegalHolds", (long) p.activeLegalHolds());
        out.put("encryptedSensitivities", p.encryptedSensitivities());
        return out;
    }

    private static Map<String, CelType> members(Object... pairs) {
        Map<String, CelType> out = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            out.put((String) pairs[i], (CelType) pairs[i + 1]);
        }
        return out;
    }

    private static StructType struct(String name, Map<String, CelType> members) {
        return StructType.create(name, com.google.common.collect.ImmutableSet.copyOf(members.keySet()),
                member -> Optional.ofNullable(members.get(member)));
    }

    /** The struct types, for the type provider. */
    static List<StructType> types() {
        return List.of(FIELD_STRUCT, SCHEMA_STRUCT, PLATFORM_STRUCT);
    }
}
