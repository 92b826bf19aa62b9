package sh.velocity.schema.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static sh.velocity.schema.domain.Manifests.assertErrorAt;
import static sh.velocity.schema.domain.Manifests.exampleText;
import static sh.velocity.schema.domain.Manifests.exampleWith;
import static sh.velocity.schema.domain.Manifests.rejected;
import static sh.velocity.schema.domain.Manifests.rejectedText;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import sh.velocity.kernel.problem.FieldError;
import sh.velocity.kernel.problem.VelocityException;

class ManifestParserTest {

    private static final Duration QUICKLY = Duration.ofSeconds(2);

    private static final String MINIMAL = """
            apiVersion: velocity.sh/v1
            kind: SchemaDefinition
            metadata:
              name: invoice
              namespace: acme
            spec:
              domain: finance
              subdomain: billing
              version: v2
              fields:
                - name: total
                  type: integer
                - name: ref
                  type: string
                  maxLength: 20
              validation:
                rules:
                  - rule: "self.total >= 0"
                    message: "Total must not be negative"
            """;

    private final ManifestParser parser = new ManifestParser();

    @Test
    void contractExampleParsesIntoTheModel() {
        SchemaManifest m = parser.parse(exampleText());

        assertEquals("acme/supply-chain/procurement/purchase-order/v1", m.path().toString());
        assertEquals("acme_supply_chain_procurement", m.path().pgSchema());
        assertEquals("purchase_order_v1", m.path().pgTable());
        assertTrue(m.breakingChangeApproved());
        assertEquals(List.of("po_number", "amount", "currency", "notes", "credit_card"),
                m.fields().stream().map(FieldDefinition::name).toList());
        assertEquals(new FieldDefinition("po_number", FieldType.STRING, 32, true, Sensitivity.NONE, null),
                m.field("po_number").orElseThrow());
        assertEquals(FieldDefinition.of("amount", FieldType.DECIMAL, null), m.field("amount").orElseThrow());
        FieldDefinition card = m.field("credit_card").orElseThrow();
        assertEquals(Sensitivity.PII, card.sensitivity());
        assertEquals(MaskingSpec.partial(4), card.masking());
        assertEquals(List.of(new ValidationRule("self.amount > 0 && self.currency in ['USD', 'EUR']",
                "Invalid amount or currency", 10)), m.rules());
        assertEquals(new SearchSpec(3, List.of("po_number", "notes")), m.search());
        assertEquals(List.of(new MigrationStep(MigrationType.DROP_COLUMN, "deprecated_field",
                "Field unused since Q1 2026; 0 records have values")), m.migrations());
        assertTrue(m.field("deprecated_field").isEmpty());
    }

    @Test
    void absentOptionalPartsTakeTheirDefaults() {
        SchemaManifest m = parser.parse(MINIMAL);

        assertEquals(SearchSpec.DEFAULT, m.search());
        assertEquals(Map.of(), m.annotations());
        assertFalse(m.breakingChangeApproved());
        assertEquals(List.of(), m.migrations());
        assertEquals(ValidationRule.DEFAULT_MAX_EXECUTION_MS, m.rules().get(0).maxExecutionMs());
        FieldDefinition ref = m.field("ref").orElseThrow();
        assertFalse(ref.required());
        assertEquals(Sensitivity.NONE, ref.sensitivity());
        assertNull(ref.masking());
    }

    @Test
    void partialMaskingDefaultsToFourVisibleCharacters() {
        SchemaManifest m = parser.parse(exampleWith("        visibleChars: 4\n", ""));
        assertEquals(MaskingSpec.partial(4), m.field("credit_card").orElseThrow().masking());
    }

    @Test
    void jsonManifestIsAccepted() {
        String json = """
                {"apiVersion": "velocity.sh/v1", "kind": "SchemaDefinition",
                 "metadata": {"name": "invoice", "namespace": "acme"},
                 "spec": {"domain": "finance", "subdomain": "billing", "version": "v2",
                   "fields": [{"name": "total", "type": "integer"},
                              {"name": "ref", "type": "string", "maxLength": 20}],
                   "validation": {"rules": [{"rule": "self.total >= 0",
                                             "message": "Total must not be negative"}]}}}
                """;
        assertEquals(parser.parse(MINIMAL), parser.parse(json));
    }

    @Test
    void canonicalJsonParsesBackToAnEqualManifest() {
        SchemaManifest m = parser.parse(exampleText());
        String canonical = m.toCanonicalJson();

        SchemaManifest back = parser.parse(canonical);

        assertEquals(m, back);
        assertEquals(canonical, back.toCanonicalJson());
        assertEquals(m.specHash(), back.specHash());
    }

    @Test
    void canonicalJsonRoundTripKeepsUnicodeAndEscapes() {
        String text = exampleWith("Invalid amount or currency", "Montant « invalide » \\\"€\\\" \\\\ 😀 tab\\there");
        SchemaManifest m = parser.parse(text);
        assertEquals(m, parser.parse(m.toCanonicalJson()));
    }

    @Test
    void unsupportedApiVersionIsRefused() {
        VelocityException e = rejectedText(exampleWith("velocity.sh/v1", "velocity.sh/v2"));
        assertErrorAt(e, "apiVersion", "apiVersion must be velocity.sh/v1, got 'velocity.sh/v2'");
    }

    @Test
    void otherKindsAreRefusedByThisParserButRoutable() {
        String roleBinding = exampleWith("kind: SchemaDefinition", "kind: RoleBinding");
        VelocityException e = rejectedText(roleBinding);
        assertErrorAt(e, "kind", "kind must be SchemaDefinition here, got 'RoleBinding'");
        assertEquals(1, e.errors().size(), "a wrong kind is not also reported as unknown keys");

        assertEquals("RoleBinding", ManifestParser.kindOf(roleBinding));
        assertEquals("SchemaDefinition", ManifestParser.kindOf(exampleText()));
        assertErrorAt(rejected(() -> ManifestParser.kindOf("kind: [a]\n")), "kind", "kind must be text, got a list");
        assertErrorAt(rejected(() -> ManifestParser.kindOf("{")), ManifestProblems.DOCUMENT, "not valid YAML or JSON");
    }

    @Test
    void unknownTopLevelKeyIsNamedWithASuggestion() {
        VelocityException e = rejectedText(exampleText() + "metdata: {}\n");
        assertErrorAt(e, "metdata", "unknown top-level key 'metdata' (did you mean 'metadata'?)");
    }

    @Test
    void unknownFieldKeyIsNamedWithItsPath() {
        VelocityException e = rejectedText(exampleWith("maxLength: 3\n", "maxlength: 3\n"));
        assertErrorAt(e, "spec.fields[2].maxlength", "spec.fields[2]: unknown key 'maxlength' (did you mean 'maxLength'?)");
        assertErrorAt(e, "spec.fields[2].maxLength", "type string requires maxLength");
    }

    @Test
    void unknownKeysInEveryBlockAreRefused() {
        assertErrorAt(rejectedText(exampleWith("  namespace: acme", "  namespace: acme\n  labels: {}")),
                "metadata.labels", "unknown key 'labels'");
        assertErrorAt(rejectedText(exampleWith("  version: v1", "  version: v1\n  owner: me")),
                "spec.owner", "unknown key 'owner'");
        assertErrorAt(rejectedText(exampleWith("visibleChars: 4", "visible: 4")),
                "spec.fields[4].masking.visible", "unknown key 'visible'");
        assertErrorAt(rejectedText(exampleWith("maxExecutionMs: 10", "timeoutMs: 10")),
                "spec.validation.rules[0].timeoutMs", "unknown key 'timeoutMs'");
        assertErrorAt(rejectedText(exampleWith("    tier: 3", "    teir: 3")),
                "spec.search.teir", "did you mean 'tier'?");
        assertErrorAt(rejectedText(exampleWith("      column: deprecated_field", "      field: deprecated_field")),
                "spec.migrations[0].field", "unknown key 'field'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"32\"", "abc", "3.5", "[32]", "{n: 32}", "true", "2026-01-01"})
    void maxLengthThatIsNotAWholeNumberIsRefused(String value) {
        VelocityException e = rejectedText(exampleWith("maxLength: 3\n", "maxLength: " + value + "\n"));
        assertErrorAt(e, "spec.fields[2].maxLength", "spec.fields[2].maxLength must be a whole number");
        assertEquals(1, e.errors().size(), e.errors()::toString);
    }

    @Test
    void maxLengthBeyondIntegerRangeIsRefused() {
        VelocityException e = rejectedText(exampleWith("maxLength: 3\n", "maxLength: 99999999999999999999999\n"));
        assertErrorAt(e, "spec.fields[2].maxLength", "spec.fields[2].maxLength is too large");
    }

    @Test
    void listWhereTextIsExpectedIsRefused() {
        VelocityException e = rejectedText(exampleWith("- name: po_number", "- name: [po, number]"));
        assertErrorAt(e, "spec.fields[0].name", "spec.fields[0].name must be text, got a list");
        assertEquals(1, e.errors().size(), e.errors()::toString);
    }

    @Test
    void yamlBooleanWhereTextIsExpectedGetsAHint() {
        VelocityException e = rejectedText(exampleWith("  subdomain: procurement", "  subdomain: no"));
        assertErrorAt(e, "spec.subdomain", "must be text, got a boolean; put it in quotes");
    }

    @Test
    void wrongScalarTypesAreLocated() {
        assertErrorAt(rejectedText(exampleWith("required: true", "required: \"yes\"")),
                "spec.fields[0].required", "must be true or false, got text");
        assertErrorAt(rejectedText(exampleWith("type: decimal", "type: money")),
                "spec.fields[1].type", "unknown value 'money', expected one of string, text, integer");
        assertErrorAt(rejectedText(exampleWith("sensitivity: pii", "sensitivity: PII")),
                "spec.fields[4].sensitivity", "unknown value 'PII'");
        assertErrorAt(rejectedText(exampleWith("strategy: partial", "strategy: blur")),
                "spec.fields[4].masking.strategy", "unknown value 'blur'");
        assertErrorAt(rejectedText(exampleWith("type: DropColumn", "type: DeleteColumn")),
                "spec.migrations[0].type", "expected one of DropColumn, ChangeType, RenameColumn");
        assertErrorAt(rejectedText(exampleWith("    tier: 3", "    tier: three")),
                "spec.search.tier", "must be a whole number, got text");
        assertErrorAt(rejectedText(exampleWith("fields: [po_number, notes]", "fields: [po_number, 7]")),
                "spec.search.fields[1]", "must be text, got a whole number");
        assertErrorAt(rejectedText(exampleWith("\"approved\"", "[approved]")),
                "metadata.annotations[velocity.sh/breaking-change]", "must be text, got a list");
    }

    @Test
    void wronglyShapedBlocksAreLocated() {
        assertErrorAt(rejectedText("apiVersion: velocity.sh/v1\nkind: SchemaDefinition\nmetadata: [a]\nspec: 3\n"),
                "metadata", "metadata must be a mapping (key: value pairs), got a list");
        VelocityException e = rejectedText(exampleWith("  fields:\n", "  fields: nope\n  unused:\n"));
        assertErrorAt(e, "spec.fields", "spec.fields must be a list, got text");
        assertErrorAt(rejectedText(exampleWith("  fields:\n", "  fields:\n    -\n")),
                "spec.fields[0]", "spec.fields[0] must be a mapping, got nothing (null)");
        assertErrorAt(rejectedText(exampleWith("  fields:\n", "  fields:\n    - just-a-name\n")),
                "spec.fields[0]", "spec.fields[0] must be a mapping (key: value pairs), got text");
    }

    @Test
    void missingPartsAreNamed() {
        VelocityException e = rejectedText("apiVersion: velocity.sh/v1\nkind: SchemaDefinition\n");
        assertErrorAt(e, "metadata", "metadata is required");
        assertErrorAt(e, "spec", "spec is required");
        VelocityException noName = rejectedText(exampleWith("  name: purchase-order ", "  "));
        assertErrorAt(noName, "metadata.name", "metadata.name is required");
    }

    @Test
    void badSchemaPathSegmentsAreReportedOnTheirManifestKeys() {
        VelocityException e = rejectedText(exampleWith("name: purchase-order", "name: Purchase_Order")
                .replace("version: v1", "version: \"1\""));
        assertErrorAt(e, "metadata.name", "name must match [a-z][a-z0-9-]{0,62}, got 'Purchase_Order'");
        assertErrorAt(e, "spec.version", "version must match v[1-9][0-9]*, got '1'");
    }

    @Test
    void everyBadSchemaPathSegmentIsReported() {
        VelocityException e = rejectedText(exampleWith("namespace: acme", "namespace: Acme")
                .replace("domain: supply-chain", "domain: supply chain")
                .replace("subdomain: procurement", "subdomain: -x"));
        assertErrorAt(e, "metadata.namespace", "namespace must match");
        assertErrorAt(e, "spec.domain", "domain must match");
        assertErrorAt(e, "spec.subdomain", "subdomain must match");
    }

    @Test
    void schemaPathTooLongForPostgresIsRefused() {
        String long30 = "a".repeat(30);
        VelocityException e = rejectedText(exampleWith("domain: supply-chain", "domain: " + long30)
                .replace("subdomain: procurement", "subdomain: " + long30)
                .replace("name: purchase-order", "name: " + "n".repeat(60)));
        assertErrorAt(e, "spec.subdomain", "must fit 63 bytes");
        assertErrorAt(e, "metadata.name", "must fit 63 bytes");
    }

    @Test
    void shapeAndAdmissionProblemsAreReportedTogetherWithoutRepeats() {
        String text = exampleWith("type: decimal", "type: money").replace("      maxLength: 1000\n", "");
        VelocityException e = rejectedText(text);
        assertErrorAt(e, "spec.fields[1].type", "unknown value 'money'");
        assertErrorAt(e, "spec.fields[3].maxLength", "spec.fields[3] (notes): type string requires maxLength");
        assertEquals(2, e.errors().size(), e.errors()::toString);
    }

    @Test
    void admissionRulesApplyToParsedManifests() {
        VelocityException e = rejectedText(exampleWith("name: amount", "name: created_at"));
        assertErrorAt(e, "spec.fields[1].name", "is reserved");
    }

    @Test
    void syntaxErrorsSayWhereWithoutAStackTrace() {
        VelocityException e = rejectedText("apiVersion: velocity.sh/v1\nkind: [SchemaDefinition\n");
        FieldError error = Manifests.errorAt(e, ManifestProblems.DOCUMENT);
        assertTrue(error.message().startsWith("the manifest is not valid YAML or JSON at line"), error.message());
    }

    @Test
    void duplicateKeysAreRefused() {
        VelocityException e = rejectedText(exampleWith("  name: purchase-order", "  name: purchase-order\n  name: other"));
        assertErrorAt(e, ManifestProblems.DOCUMENT, "the manifest repeats a key at line");
    }

    @Test
    void exactlyOneDocumentIsAccepted() {
        VelocityException e = rejectedText(exampleText() + "---\n" + exampleText());
        assertErrorAt(e, ManifestProblems.DOCUMENT, "must be exactly one YAML document");
        parser.parse("---\n" + exampleText());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   \n", "# only a comment\n", "---\n", "~\n"})
    void emptyManifestsAreRefused(String text) {
        assertErrorAt(rejectedText(text), ManifestProblems.DOCUMENT, "the manifest is empty");
    }

    @Test
    void nullTextIsRefused() {
        assertErrorAt(rejectedText(null), ManifestProblems.DOCUMENT, "the manifest is empty");
    }

    @ParameterizedTest
    @ValueSource(strings = {"- a\n- b\n", "just text\n", "42\n", "[1, 2]"})
    void nonMappingDocumentsAreRefused(String text) {
        assertErrorAt(rejectedText(text), ManifestProblems.DOCUMENT, "the manifest must be a mapping");
    }

    @Test
    void oversizedInputIsRefusedBeforeParsing() {
        String huge = "# " + "x".repeat(ManifestParser.MAX_MANIFEST_CHARS) + "\n";
        VelocityException e = assertTimeoutPreemptively(QUICKLY, () -> rejectedText(huge));
        assertErrorAt(e, ManifestProblems.DOCUMENT, "at most 1000000 are accepted");
    }

    @Test
    void billionLaughsIsRefusedQuickly() {
        String bomb = """
                a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
                b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
                c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
                d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
                e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
                f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
                g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
                h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
                i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
                """;
        VelocityException e = assertTimeoutPreemptively(QUICKLY, () -> rejectedText(bomb));
        assertErrorAt(e, ManifestProblems.DOCUMENT, "more than 20 YAML aliases");
    }

    @Test
    void upToTwentyAliasesAreAllowedAndTheTwentyFirstIsNot() {
        assertEquals(21, parser.parse(reusedMasking(20)).fields().size());
        VelocityException e = assertTimeoutPreemptively(QUICKLY, () -> rejectedText(reusedMasking(21)));
        assertErrorAt(e, ManifestProblems.DOCUMENT, "more than 20 YAML aliases");
    }

    /** A manifest whose first field defines a masking anchor that {@code aliases} more fields reuse. */
    private static String reusedMasking(int aliases) {
        StringBuilder yaml = new StringBuilder("""
                apiVersion: velocity.sh/v1
                kind: SchemaDefinition
                metadata: {name: people, namespace: acme}
                spec:
                  domain: hr
                  subdomain: staff
                  version: v1
                  fields:
                    - {name: f0, type: string, maxLength: 20, sensitivity: pii, masking: &m {strategy: partial, visibleChars: 2}}
                """);
        for (int i = 1; i <= aliases; i++) {
            yaml.append("    - {name: f").append(i).append(", type: string, maxLength: 20, sensitivity: pii, masking: *m}\n");
        }
        return yaml.toString();
    }

    @Test
    void selfReferencingStructuresAreRefusedCleanly() {
        VelocityException e = rejectedText(exampleWith("  name: purchase-order ", "  name: &n [a, *n] "));
        assertErrorAt(e, "metadata.name", "metadata.name must be text, got a list");
        VelocityException map = rejectedText(MINIMAL.replace("spec:\n", "spec: &s\n  search: *s\n"));
        assertTrue(map.errors().stream().anyMatch(error -> error.field().startsWith("spec.search")), map.errors()::toString);
    }

    @Test
    void nestingBeyondTwentyLevelsIsRefused() {
        VelocityException e = rejectedText(exampleText() + "x: " + "[".repeat(21) + "]".repeat(21) + "\n");
        assertErrorAt(e, ManifestProblems.DOCUMENT, "nested more than 20 levels deep");
        VelocityException shallow = rejectedText(exampleText() + "x: " + "[".repeat(18) + "]".repeat(18) + "\n");
        assertErrorAt(shallow, "x", "unknown top-level key 'x'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"flow-list", "flow-map", "block-list", "block-map"})
    void thousandLevelNestingIsRefusedQuickly(String style) {
        String deep = switch (style) {
            case "flow-list" -> "a: " + "[".repeat(1000) + "]".repeat(1000);
            case "flow-map" -> "a: " + "{a: ".repeat(1000) + "1" + "}".repeat(1000);
            case "block-list" -> "a:\n" + "- ".repeat(1000) + "1\n";
            default -> deepBlockMap(1000);
        };
        VelocityException e = assertTimeoutPreemptively(QUICKLY, () -> rejectedText(deep));
        assertErrorAt(e, ManifestProblems.DOCUMENT, "nested more than 20 levels deep");
    }

    private static String deepBlockMap(int depth) {
        StringBuilder yaml = new StringBuilder();
        for (int i = 0; i < depth; i++) {
            yaml.append(" ".repeat(i)).append("a:\n");
        }
        return yaml.append(" ".repeat(depth)).append("b: 1\n").toString();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "!!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[!!java.net.URL [\"http://x/\"]]]]",
        "!!java.lang.ProcessBuilder [[\"id\"]]",
        "!<tag:yaml.org,2002:java.util.Date> 1",
        "!custom value",
        "!!python/object:os.system 1"})
    void typeTagsCannotInstantiateClasses(String value) {
        VelocityException e = rejectedText(exampleWith("  domain: supply-chain", "  domain: " + value));
        assertEquals(ManifestProblems.DOCUMENT, e.errors().get(0).field(), e.errors()::toString);
    }

    @Test
    void messagesNeverEchoMoreThanEightyCharactersOfInputNorControlCharacters() {
        String secret = "s3cr3t".repeat(50);
        String quoted = "\"\\e[31m" + secret + "\\r\\nforged log line\"";
        List<String> texts = List.of(
                exampleWith("name: po_number", "name: " + quoted),
                exampleWith("  domain: supply-chain", "  domain: " + quoted),
                exampleWith("apiVersion: velocity.sh/v1", "apiVersion: " + quoted),
                exampleWith("kind: SchemaDefinition", "kind: " + quoted),
                exampleText() + quoted + ": 1\n",
                exampleWith("type: decimal", "type: " + quoted),
                exampleWith("  name: purchase-order", "  name: purchase-order\n  name: " + quoted),
                exampleWith("  annotations:\n", "  annotations:\n    " + quoted + ": x\n"),
                exampleWith("column: deprecated_field", "column: " + quoted),
                exampleWith("fields: [po_number, notes]", "fields: [po_number, " + quoted + "]"),
                "{\"" + secret + "\": [}");
        String window = secret.substring(0, 81);
        for (String text : texts) {
            VelocityException e = rejectedText(text);
            assertFalse(e.getMessage().contains(window), e::getMessage);
            assertTrue(e.getMessage().codePoints().noneMatch(Character::isISOControl), e::getMessage);
            for (FieldError error : e.errors()) {
                assertFalse(error.message().contains(window), error::message);
                assertFalse(error.field().contains(window), error::field);
                assertTrue(error.message().codePoints().noneMatch(Character::isISOControl), error::message);
                assertTrue(error.field().codePoints().noneMatch(Character::isISOControl), error::field);
            }
        }
    }
}
