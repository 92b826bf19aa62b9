package sh.velocity.schema.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static sh.velocity.schema.domain.Manifests.assertErrorAt;
import static sh.velocity.schema.domain.Manifests.masked;
import static sh.velocity.schema.domain.Manifests.rejected;
import static sh.velocity.schema.domain.Manifests.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import sh.velocity.kernel.problem.VelocityException;

class ManifestAdmissionTest {

    private final ManifestAdmission admission = new ManifestAdmission();

    private VelocityException refused(SchemaManifest manifest) {
        return rejected(() -> admission.admit(manifest));
    }

    private VelocityException refused(Manifests.Builder builder) {
        return refused(builder.build());
    }

    @Test
    void contractExampleIsAdmitted() {
        assertEquals(List.of(), admission.violations(Manifests.example()));
    }

    @Test
    void stringFieldWithoutMaxLengthIsRefusedNamingTheFieldPath() {
        VelocityException e = refused(Manifests.of(text("po_number", 32), FieldDefinition.of("notes", FieldType.STRING, null)));
        assertErrorAt(e, "spec.fields[1].maxLength", "spec.fields[1] (notes): type string requires maxLength");
        assertTrue(e.getMessage().contains("spec.fields[1] (notes): type string requires maxLength"), e.getMessage());
    }

    @Test
    void textFieldWithoutMaxLengthIsRefused() {
        VelocityException e = refused(Manifests.of(FieldDefinition.of("body", FieldType.TEXT, null)));
        assertErrorAt(e, "spec.fields[0].maxLength", "spec.fields[0] (body): type text requires maxLength");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 10_485_761})
    void maxLengthOutOfRangeIsRefused(int maxLength) {
        VelocityException e = refused(Manifests.of(text("notes", maxLength)));
        assertErrorAt(e, "spec.fields[0].maxLength", "maxLength must be between 1 and 10485760, got " + maxLength);
    }

    @Test
    void maxLengthAtTheLimitsIsAdmitted() {
        admission.admit(Manifests.of(text("a", 1), FieldDefinition.of("b", FieldType.TEXT, 10_485_760)));
    }

    @Test
    void maxLengthOnANonTextualFieldIsRefused() {
        VelocityException e = refused(Manifests.of(FieldDefinition.of("amount", FieldType.INTEGER, 10)));
        assertErrorAt(e, "spec.fields[0].maxLength", "maxLength is only allowed on string and text fields, not integer");
    }

    @ParameterizedTest
    @ValueSource(strings = {"PO_Number", "1st", "_x", "po-number", "po number", "é",
        "a234567890123456789012345678901234567890123456789012345678901234"})
    void illegalFieldNamesAreRefused(String name) {
        VelocityException e = refused(Manifests.of(text(name, 10)));
        assertErrorAt(e, "spec.fields[0].name", "name must match [a-z][a-z0-9_]{0,62}");
    }

    @Test
    void longestLegalFieldNameIsAdmitted() {
        admission.admit(Manifests.of(text("a" + "b".repeat(62), 10)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"id", "version", "created_at", "updated_at", "created_by", "updated_by",
        "search_vector", "tenant", "pg_class", "velocity_owner"})
    void reservedFieldNamesAreRefused(String name) {
        VelocityException e = refused(Manifests.of(text(name, 10)));
        assertErrorAt(e, "spec.fields[0].name", "is reserved for a platform column");
    }

    @Test
    void missingFieldNameAndTypeAreRefused() {
        VelocityException e = refused(Manifests.of(new FieldDefinition(null, null, null, false, null, null)));
        assertErrorAt(e, "spec.fields[0].name", "name is required");
        assertErrorAt(e, "spec.fields[0].type", "type is required");
    }

    @Test
    void aManifestWithoutFieldsIsRefused() {
        VelocityException e = refused(new Manifests.Builder().fields());
        assertErrorAt(e, "spec.fields", "at least one field is required");
    }

    @Test
    void moreThanTwoHundredFieldsAreRefused() {
        List<FieldDefinition> fields = new ArrayList<>();
        for (int i = 0; i < 201; i++) {
            fields.add(text("f" + i, 10));
        }
        VelocityException e = refused(Manifests.of(fields.toArray(FieldDefinition[]::new)));
        assertErrorAt(e, "spec.fields", "at most 200 fields are allowed, got 201");
        fields.remove(200);
        admission.admit(Manifests.of(fields.toArray(FieldDefinition[]::new)));
    }

    @Test
    void duplicateFieldNamesAreRefused() {
        VelocityException e = refused(Manifests.of(text("notes", 10), text("amount", 5), text("notes", 20)));
        assertErrorAt(e, "spec.fields[2].name", "spec.fields[2] (notes): duplicate field name, already declared by spec.fields[0]");
    }

    @Test
    void maskingOnANonTextualFieldIsRefused() {
        FieldDefinition amount = new FieldDefinition("amount", FieldType.DECIMAL, null, false, Sensitivity.PCI,
                MaskingSpec.hash());
        VelocityException e = refused(Manifests.of(amount));
        assertErrorAt(e, "spec.fields[0].masking", "masking is only allowed on string and text fields, not decimal");
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 65})
    void partialMaskingVisibleCharsOutOfRangeIsRefused(int visible) {
        VelocityException e = refused(Manifests.of(masked("card", 1000, Sensitivity.PCI, MaskingSpec.partial(visible))));
        assertErrorAt(e, "spec.fields[0].masking.visibleChars", "visibleChars must be between 0 and 64, got " + visible);
    }

    @Test
    void partialMaskingThatWouldShowTheWholeValueIsRefused() {
        VelocityException e = refused(Manifests.of(masked("currency", 3, Sensitivity.PII, MaskingSpec.partial(4)),
                masked("pin", 4, Sensitivity.SECRET, MaskingSpec.partial(4))));
        assertErrorAt(e, "spec.fields[0].masking.visibleChars", "must be smaller than maxLength (3)");
        assertErrorAt(e, "spec.fields[1].masking.visibleChars", "visibleChars (4) must be smaller than maxLength (4)");
        admission.admit(Manifests.of(masked("card", 65, Sensitivity.PII, MaskingSpec.partial(64))));
        admission.admit(Manifests.of(masked("card", 19, Sensitivity.PII, MaskingSpec.partial(0))));
    }

    @Test
    void visibleCharsOnFullOrHashMaskingIsRefused() {
        VelocityException e = refused(Manifests.of(
                masked("a", 10, Sensitivity.PII, new MaskingSpec(MaskingStrategy.FULL, 2)),
                masked("b", 10, Sensitivity.PII, new MaskingSpec(MaskingStrategy.HASH, 2))));
        assertErrorAt(e, "spec.fields[0].masking.visibleChars", "visibleChars applies only to strategy partial");
        assertErrorAt(e, "spec.fields[1].masking.visibleChars", "visibleChars applies only to strategy partial");
    }

    @Test
    void maskingWithoutStrategyIsRefused() {
        VelocityException e = refused(Manifests.of(masked("card", 19, Sensitivity.PCI, new MaskingSpec(null, 4))));
        assertErrorAt(e, "spec.fields[0].masking.strategy", "masking.strategy is required");
    }

    @Test
    void sensitiveFieldWithoutMaskingIsAdmittedAndMaskedInFull() {
        FieldDefinition ssn = masked("ssn", 11, Sensitivity.PII, null);
        FieldDefinition salary = new FieldDefinition("salary", FieldType.DECIMAL, null, false, Sensitivity.SECRET, null);
        admission.admit(Manifests.of(ssn, salary, text("notes", 10)));
        assertEquals(MaskingSpec.FULL, ssn.effectiveMasking());
        assertEquals(MaskingSpec.FULL, salary.effectiveMasking());
        assertNull(text("notes", 10).effectiveMasking());
    }

    @Test
    void searchOverUnknownOrNonTextualFieldsIsRefused() {
        VelocityException e = refused(new Manifests.Builder()
                .fields(text("po_number", 32), FieldDefinition.of("amount", FieldType.DECIMAL, null))
                .search(3, "po_number", "amount", "nots", "po_number"));
        assertErrorAt(e, "spec.search.fields[1]", "only string and text fields can be searched, amount is decimal");
        assertErrorAt(e, "spec.search.fields[2]", "no field named 'nots' in spec.fields");
        assertErrorAt(e, "spec.search.fields[3]", "listed twice");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 4})
    void searchTierOtherThanTwoOrThreeIsRefused(int tier) {
        VelocityException e = refused(new Manifests.Builder().search(tier));
        assertErrorAt(e, "spec.search.tier", "tier must be 2 (PostgreSQL full-text) or 3 (search engine), got " + tier);
    }

    @Test
    void emptyOrOversizedRuleTextIsRefused() {
        VelocityException e = refused(new Manifests.Builder().rules(
                new ValidationRule(" ", "Invalid"),
                new ValidationRule("x".repeat(4097), "Too long"),
                new ValidationRule("self.a > 0", ""),
                new ValidationRule(null, null)));
        assertErrorAt(e, "spec.validation.rules[0].rule", "rule text must not be empty");
        assertErrorAt(e, "spec.validation.rules[1].rule", "rule text must be at most 4096 characters, got 4097");
        assertErrorAt(e, "spec.validation.rules[2].message", "message must not be empty");
        assertErrorAt(e, "spec.validation.rules[3].rule", "rule text must not be empty");
        assertErrorAt(e, "spec.validation.rules[3].message", "message must not be empty");
        admission.admit(new Manifests.Builder().rules(new ValidationRule("x".repeat(4096), "ok")).build());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -5, 1001})
    void ruleExecutionBoundOutsideOneToThousandIsRefused(int bound) {
        VelocityException e = refused(new Manifests.Builder().rules(new ValidationRule("self.a > 0", "bad", bound)));
        assertErrorAt(e, "spec.validation.rules[0].maxExecutionMs", "maxExecutionMs must be between 1 and 1000, got " + bound);
    }

    @Test
    void ruleTextWithControlCharactersIsRefused() {
        VelocityException e = refused(new Manifests.Builder().rules(new ValidationRule("self.a\u0000 > 0", "bad")));
        assertErrorAt(e, "spec.validation.rules[0].rule", "control or non-printable characters");
    }

    @Test
    void migrationsNeedTypeColumnAndReason() {
        VelocityException e = refused(new Manifests.Builder().migrations(
                new MigrationStep(null, "old_field", "unused"),
                new MigrationStep(MigrationType.DROP_COLUMN, null, "unused"),
                new MigrationStep(MigrationType.DROP_COLUMN, "old_field", "   ")));
        assertErrorAt(e, "spec.migrations[0].type", "type is required, one of DropColumn, ChangeType, RenameColumn");
        assertErrorAt(e, "spec.migrations[1].column", "column is required");
        assertErrorAt(e, "spec.migrations[2].reason", "reason must not be empty");
    }

    @Test
    void migrationTargetsAreChecked() {
        VelocityException e = refused(new Manifests.Builder().migrations(
                new MigrationStep(MigrationType.RENAME_COLUMN, "notes", "clearer name"),
                new MigrationStep(MigrationType.CHANGE_TYPE, "amount", "cents", "money"),
                new MigrationStep(MigrationType.DROP_COLUMN, "old", "unused", "new"),
                new MigrationStep(MigrationType.DROP_COLUMN, "Old Field", "unused")));
        assertErrorAt(e, "spec.migrations[0].to", "to (the new column name) is required");
        assertErrorAt(e, "spec.migrations[1].to", "to must be the new type");
        assertErrorAt(e, "spec.migrations[2].to", "a DropColumn entry takes no 'to'");
        assertErrorAt(e, "spec.migrations[3].column", "column must be a field name");
    }

    @Test
    void breakingChangeAnnotationAcceptsOnlyApproved() {
        Manifests.Builder builder = new Manifests.Builder();
        builder.annotations = Map.of(SchemaManifest.BREAKING_CHANGE_ANNOTATION, "aproved");
        VelocityException e = refused(builder);
        assertErrorAt(e, "metadata.annotations[velocity.sh/breaking-change]", "the only accepted value is \"approved\"");
    }

    @Test
    void wrongApiVersionOrKindIsRefused() {
        Manifests.Builder builder = new Manifests.Builder();
        builder.apiVersion = "velocity.sh/v2";
        builder.kind = "RoleBinding";
        VelocityException e = refused(builder);
        assertErrorAt(e, "apiVersion", "apiVersion must be velocity.sh/v1, got 'velocity.sh/v2'");
        assertErrorAt(e, "kind", "kind must be SchemaDefinition, got 'RoleBinding'");
    }

    @Test
    void everyViolationIsReportedInOneException() {
        VelocityException e = refused(new Manifests.Builder()
                .fields(text("id", 10), FieldDefinition.of("notes", FieldType.STRING, null), text("notes", 5))
                .search(5)
                .rules(new ValidationRule("", "m")));
        assertEquals(5, e.errors().size(), e.errors()::toString);
        assertTrue(e.getMessage().startsWith("Manifest rejected with 5 problems: "), e.getMessage());
    }

    @Test
    void aHostileManifestCannotInflateTheErrorList() {
        List<FieldDefinition> fields = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            fields.add(FieldDefinition.of("f" + i, FieldType.STRING, null));
        }
        VelocityException e = refused(Manifests.of(fields.toArray(FieldDefinition[]::new)));
        assertEquals(ManifestProblems.MAX_LISTED_PROBLEMS + 1, e.errors().size());
        assertTrue(e.getMessage().contains("150 problems"), e.getMessage());
        assertTrue(e.getMessage().length() < 1000, e.getMessage());
    }
}
