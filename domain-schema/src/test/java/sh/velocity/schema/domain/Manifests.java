package sh.velocity.schema.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.function.Executable;
import sh.velocity.kernel.SchemaPath;
import sh.velocity.kernel.problem.ErrorCode;
import sh.velocity.kernel.problem.FieldError;
import sh.velocity.kernel.problem.VelocityException;

/** Test fixtures: the CONTRACT.md example, small manifests built directly, and rejection assertions. */
final class Manifests {

    static final SchemaPath PATH = SchemaPath.parse("acme/supply-chain/procurement/purchase-order/v1");

    private Manifests() {
    }

    /** The CONTRACT.md §1 example, verbatim. */
    static String exampleText() {
        try (InputStream in = Manifests.class.getResourceAsStream("/manifests/purchase-order.yaml")) {
            if (in == null) {
                throw new IllegalStateException("missing test resource manifests/purchase-order.yaml");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static SchemaManifest example() {
        return new ManifestParser().parse(exampleText());
    }

    static SchemaManifest of(FieldDefinition... fields) {
        return new Builder().fields(fields).build();
    }

    static FieldDefinition text(String name, int maxLength) {
        return FieldDefinition.of(name, FieldType.STRING, maxLength);
    }

    static FieldDefinition required(String name, FieldType type, Integer maxLength) {
        return new FieldDefinition(name, type, maxLength, true, Sensitivity.NONE, null);
    }

    static FieldDefinition masked(String name, int maxLength, Sensitivity sensitivity, MaskingSpec masking) {
        return new FieldDefinition(name, FieldType.STRING, maxLength, false, sensitivity, masking);
    }

    /** Mutable recipe for a manifest; every part defaults to something admissible. */
    static final class Builder {
        String apiVersion = SchemaManifest.API_VERSION;
        String kind = SchemaManifest.KIND;
        Map<String, String> annotations = Map.of();
        List<FieldDefinition> fields = List.of(text("po_number", 32));
        List<ValidationRule> rules = List.of();
        SearchSpec search = SearchSpec.DEFAULT;
        List<MigrationStep> migrations = List.of();

        Builder fields(FieldDefinition... value) {
            fields = new ArrayList<>(Arrays.asList(value));
            return this;
        }

        Builder rules(ValidationRule... value) {
            rules = List.of(value);
            return this;
        }

        Builder search(int tier, String... names) {
            search = new SearchSpec(tier, List.of(names));
            return this;
        }

        Builder migrations(MigrationStep... value) {
            migrations = List.of(value);
            return this;
        }

        Builder approved() {
            annotations = Map.of(SchemaManifest.BREAKING_CHANGE_ANNOTATION, SchemaManifest.APPROVED);
            return this;
        }

        SchemaManifest build() {
            return new SchemaManifest(apiVersion, kind, PATH, annotations, fields, rules, search, migrations);
        }
    }

    /** Runs {@code action}, which must fail with INVALID_MANIFEST, and returns the exception. */
    static VelocityException rejected(Executable action) {
        VelocityException e = assertThrows(VelocityException.class, action);
        assertEquals(ErrorCode.INVALID_MANIFEST, e.code(), e.getMessage());
        assertTrue(!e.errors().isEmpty(), "a rejection lists at least one problem");
        return e;
    }

    static VelocityException rejectedText(String text) {
        return rejected(() -> new ManifestParser().parse(text));
    }

    /** The one problem reported at {@code field}; fails listing all problems otherwise. */
    static FieldError errorAt(VelocityException e, String field) {
        List<FieldError> at = e.errors().stream().filter(error -> error.field().equals(field)).toList();
        if (at.size() != 1) {
            fail("expected exactly one problem at " + field + ", got " + e.errors());
        }
        return at.get(0);
    }

    static void assertErrorAt(VelocityException e, String field, String messagePart) {
        FieldError error = errorAt(e, field);
        assertTrue(error.message().contains(messagePart),
                () -> "message at " + field + " should contain '" + messagePart + "' but was: " + error.message());
        assertTrue(e.getMessage().startsWith("Manifest rejected"), e::getMessage);
    }

    /** The example text with {@code original} replaced once by {@code replacement}. */
    static String exampleWith(String original, String replacement) {
        String text = exampleText();
        if (!text.contains(original)) {
            throw new IllegalArgumentException("example has no '" + original + "'");
        }
        return text.replaceFirst(java.util.regex.Pattern.quote(original),
                java.util.regex.Matcher.quoteReplacement(replacement));
    }
}
