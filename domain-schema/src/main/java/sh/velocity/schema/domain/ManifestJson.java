package sh.velocity.schema.domain;

import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonBuilderFactory;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonGenerator;
import jakarta.json.stream.JsonGeneratorFactory;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import sh.velocity.kernel.json.Jsonp;

/**
 * The canonical JSON form of a manifest: the manifest layout of CONTRACT.md §1 with every default
 * written out, object keys sorted, no whitespace. Two manifests that mean the same thing have the same
 * text, whatever order or defaults the author used, which makes it the value stored in the jsonb column
 * and the input of the spec hash. {@link ManifestParser#parse} reads it back to an equal manifest.
 */
public final class ManifestJson {

    private ManifestJson() {
    }

    /** The canonical JSON of the whole manifest, annotations included. */
    public static String canonical(SchemaManifest manifest) {
        return write(toJsonObject(manifest, true));
    }

    /**
     * SHA-256, as 64 lowercase hex characters, of the canonical JSON without
     * {@code metadata.annotations}: approving a change does not change what the schema is.
     */
    public static String specHash(SchemaManifest manifest) {
        byte[] json = write(toJsonObject(manifest, false)).getBytes(StandardCharsets.UTF_8);
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    /** The manifest as a JSON-P object, annotations included (key order not significant). */
    public static JsonObject toJsonObject(SchemaManifest manifest) {
        return toJsonObject(manifest, true);
    }

    private static JsonObject toJsonObject(SchemaManifest m, boolean withAnnotations) {
        JsonBuilderFactory json = Factories.BUILDERS;
        JsonObjectBuilder metadata = json.createObjectBuilder()
                .add("name", m.path().name())
                .add("namespace", m.path().namespace());
        if (withAnnotations) {
            JsonObjectBuilder annotations = json.createObjectBuilder();
            new TreeMap<>(m.annotations()).forEach(annotations::add);
            metadata.add("annotations", annotations);
        }
        JsonArrayBuilder fields = json.createArrayBuilder();
        m.fields().forEach(f -> fields.add(field(json, f)));
        JsonArrayBuilder rules = json.createArrayBuilder();
        m.rules().forEach(r -> rules.add(json.createObjectBuilder()
                .add("rule", text(r.rule()))
                .add("message", text(r.message()))
                .add("maxExecutionMs", r.maxExecutionMs())));
        JsonArrayBuilder searchFields = json.createArrayBuilder();
        m.search().fields().forEach(searchFields::add);
        JsonArrayBuilder migrations = json.createArrayBuilder();
        m.migrations().forEach(s -> migrations.add(migration(json, s)));
        JsonObjectBuilder spec = json.createObjectBuilder()
                .add("domain", m.path().domain())
                .add("subdomain", m.path().subdomain())
                .add("version", m.path().version())
                .add("fields", fields)
                .add("validation", json.createObjectBuilder().add("rules", rules))
                .add("search", json.createObjectBuilder().add("tier", m.search().tier()).add("fields", searchFields))
                .add("migrations", migrations);
        return json.createObjectBuilder()
                .add("apiVersion", text(m.apiVersion()))
                .add("kind", text(m.kind()))
                .add("metadata", metadata)
                .add("spec", spec)
                .build();
    }

    private static JsonObjectBuilder field(JsonBuilderFactory json, FieldDefinition f) {
        JsonObjectBuilder field = json.createObjectBuilder()
                .add("name", text(f.name()))
                .add("type", text(f.type() == null ? null : f.type().manifestName()))
                .add("required", f.required())
                .add("sensitivity", f.sensitivity().manifestName());
        if (f.maxLength() != null) {
            field.add("maxLength", f.maxLength().intValue());
        }
        if (f.subjectIdentifier()) {
            field.add("subjectIdentifier", true);
        }
        if (f.masking() != null) {
            MaskingStrategy strategy = f.masking().strategy();
            field.add("masking", json.createObjectBuilder()
                    .add("strategy", text(strategy == null ? null : strategy.manifestName()))
                    .add("visibleChars", f.masking().visibleChars()));
        }
        return field;
    }

    private static JsonObjectBuilder migration(JsonBuilderFactory json, MigrationStep s) {
        JsonObjectBuilder step = json.createObjectBuilder()
                .add("type", text(s.type() == null ? null : s.type().manifestName()))
                .add("column", text(s.column()))
                .add("reason", text(s.reason()));
        if (s.to() != null) {
            step.add("to", s.to());
        }
        return step;
    }

    private static JsonValue text(String value) {
        return value == null ? JsonValue.NULL : Factories.PROVIDER.createValue(value);
    }

    /** Compact JSON with the keys of every object in sorted order, whatever the builder kept. */
    private static String write(JsonObject object) {
        StringWriter out = new StringWriter();
        try (JsonGenerator generator = Factories.GENERATORS.createGenerator(out)) {
            writeValue(generator, null, object);
        }
        return out.toString();
    }

    private static void writeValue(JsonGenerator generator, String key, JsonValue value) {
        switch (value.getValueType()) {
            case OBJECT -> {
                if (key == null) {
                    generator.writeStartObject();
                } else {
                    generator.writeStartObject(key);
                }
                for (Map.Entry<String, JsonValue> entry : new TreeMap<>(value.asJsonObject()).entrySet()) {
                    writeValue(generator, entry.getKey(), entry.getValue());
                }
                generator.writeEnd();
            }
            case ARRAY -> {
                if (key == null) {
                    generator.writeStartArray();
                } else {
                    generator.writeStartArray(key);
                }
                for (JsonValue item : (JsonArray) value) {
                    writeValue(generator, null, item);
                }
                generator.writeEnd();
            }
            case STRING -> write(generator, key, ((JsonString) value).getString());
            case NUMBER -> {
                long number = ((JsonNumber) value).longValueExact();
                if (key == null) {
                    generator.write(number);
                } else {
                    generator.write(key, number);
                }
            }
            default -> {
                if (key == null) {
                    generator.write(value);
                } else {
                    generator.write(key, value);
                }
            }
        }
    }

    private static void write(JsonGenerator generator, String key, String text) {
        if (key == null) {
            generator.write(text);
        } else {
            generator.write(key, text);
        }
    }

    /** Made once, on first use, from the application's one provider ({@link Jsonp}). */
    private static final class Factories {
        static final JsonProvider PROVIDER = Jsonp.provider();
        static final JsonBuilderFactory BUILDERS = PROVIDER.createBuilderFactory(Map.of());
        static final JsonGeneratorFactory GENERATORS = PROVIDER.createGeneratorFactory(Map.of());
    }
}
