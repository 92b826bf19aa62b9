package sh.velocity.schema.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static sh.velocity.schema.domain.Manifests.masked;
import static sh.velocity.schema.domain.Manifests.required;
import static sh.velocity.schema.domain.Manifests.text;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import sh.velocity.kernel.SchemaPath;
import sh.velocity.schema.domain.SchemaChange.Kind;

class SchemaDiffTest {

    private static final FieldDefinition PO_NUMBER = required("po_number", FieldType.STRING, 32);
    private static final FieldDefinition NOTES = text("notes", 1000);
    private static final FieldDefinition AMOUNT = FieldDefinition.of("amount", FieldType.DECIMAL, null);

    private static SchemaManifest before() {
        return Manifests.of(PO_NUMBER, AMOUNT, NOTES);
    }

    private static List<Kind> kinds(SchemaDiff diff) {
        return diff.changes().stream().map(SchemaChange::kind).toList();
    }

    @Test
    void theSameManifestIsUnchanged() {
        SchemaDiff diff = SchemaDiff.between(before(), before());
        assertTrue(diff.isUnchanged());
        assertFalse(diff.isBreaking());
        assertEquals(List.of(), diff.unapprovedBreakingChanges());
    }

    @Test
    void annotationsAndMigrationsAloneAreNoSchemaChange() {
        SchemaManifest after = new Manifests.Builder().fields(PO_NUMBER, AMOUNT, NOTES).approved()
                .migrations(new MigrationStep(MigrationType.DROP_COLUMN, "old", "unused")).build();
        assertTrue(SchemaDiff.between(before(), after).isUnchanged());
    }

    @Test
    void additiveChangesAreNotBreaking() {
        SchemaManifest after = new Manifests.Builder()
                .fields(new FieldDefinition("po_number", FieldType.STRING, 64, false, Sensitivity.INTERNAL, null),
                        AMOUNT, masked("notes", 1000, Sensitivity.NONE, MaskingSpec.hash()), text("currency", 3))
                .rules(new ValidationRule("self.amount > 0", "Amount must be positive"))
                .search(3, "notes")
                .build();

        SchemaDiff diff = SchemaDiff.between(before(), after);

        assertEquals(List.of(Kind.WIDEN_MAX_LENGTH, Kind.MAKE_OPTIONAL, Kind.SENSITIVITY_CHANGED,
                Kind.MASKING_CHANGED, Kind.MASKING_CHANGED, Kind.ADD_FIELD, Kind.RULES_CHANGED, Kind.SEARCH_CHANGED),
                kinds(diff));
        assertEquals("po_number", diff.changes().get(0).field());
        assertEquals("currency", diff.changes().get(5).field());
        assertFalse(diff.isBreaking());
        assertFalse(diff.isUnchanged());
        assertEquals(List.of(), diff.unapprovedBreakingChanges());
    }

    @Test
    void everyBreakingKindIsDetected() {
        SchemaManifest after = Manifests.of(
                required("po_number", FieldType.STRING, 16),
                FieldDefinition.of("amount", FieldType.INTEGER, null),
                required("currency", FieldType.STRING, 3));

        SchemaDiff diff = SchemaDiff.between(before(), after);

        assertEquals(List.of(Kind.NARROW_MAX_LENGTH, Kind.CHANGE_TYPE, Kind.DROP_FIELD, Kind.ADD_REQUIRED_FIELD),
                kinds(diff));
        assertTrue(diff.changes().stream().allMatch(SchemaChange::breaking));
        assertEquals(4, diff.unapprovedBreakingChanges().size());
    }

    @Test
    void optionalToRequiredIsBreaking() {
        SchemaManifest after = Manifests.of(PO_NUMBER, AMOUNT, required("notes", FieldType.STRING, 1000));
        SchemaDiff diff = SchemaDiff.between(before(), after);
        assertEquals(List.of(Kind.MAKE_REQUIRED), kinds(diff));
        assertTrue(diff.isBreaking());
    }

    @Test
    void aTypeChangeIsReportedOnceEvenWhenTheLengthChangesToo() {
        SchemaManifest after = Manifests.of(PO_NUMBER, AMOUNT, FieldDefinition.of("notes", FieldType.TEXT, 10));
        assertEquals(List.of(Kind.CHANGE_TYPE), kinds(SchemaDiff.between(before(), after)));
    }

    @Test
    void unapprovedBreakingChangeSaysWhatIsMissing() {
        SchemaManifest after = Manifests.of(PO_NUMBER, AMOUNT);
        List<String> unapproved = SchemaDiff.between(before(), after).unapprovedBreakingChanges();
        assertEquals(1, unapproved.size());
        String message = unapproved.get(0);
        assertTrue(message.startsWith("field 'notes' is dropped with its data: breaking change (DROP_FIELD) needs"), message);
        assertTrue(message.contains("the annotation velocity.sh/breaking-change: \"approved\""), message);
        assertTrue(message.contains("a spec.migrations entry {type: DropColumn, column: notes, reason: ...}"), message);
    }

    @Test
    void annotationWithoutMigrationEntryIsNotEnough() {
        SchemaManifest after = new Manifests.Builder().fields(PO_NUMBER, AMOUNT).approved().build();
        List<String> unapproved = SchemaDiff.between(before(), after).unapprovedBreakingChanges();
        assertEquals(1, unapproved.size());
        assertFalse(unapproved.get(0).contains("annotation"), unapproved.get(0));
        assertTrue(unapproved.get(0).contains("spec.migrations entry"), unapproved.get(0));
    }

    @Test
    void migrationEntryWithoutAnnotationIsNotEnough() {
        SchemaManifest after = new Manifests.Builder().fields(PO_NUMBER, AMOUNT)
                .migrations(new MigrationStep(MigrationType.DROP_COLUMN, "notes", "never filled in")).build();
        List<String> unapproved = SchemaDiff.between(before(), after).unapprovedBreakingChanges();
        assertEquals(1, unapproved.size());
        assertTrue(unapproved.get(0).contains("annotation"), unapproved.get(0));
        assertFalse(unapproved.get(0).contains("spec.migrations entry"), unapproved.get(0));
    }

    @Test
    void migrationEntryMustMatchTypeAndColumnAndGiveAReason() {
        for (MigrationStep step : List.of(
                new MigrationStep(MigrationType.DROP_COLUMN, "amount", "wrong column"),
                new MigrationStep(MigrationType.CHANGE_TYPE, "notes", "wrong type"),
                new MigrationStep(MigrationType.DROP_COLUMN, "notes", " "))) {
            SchemaManifest after = new Manifests.Builder().fields(PO_NUMBER, AMOUNT).approved().migrations(step).build();
            assertEquals(1, SchemaDiff.between(before(), after).unapprovedBreakingChanges().size(), step::toString);
        }
    }

    @Test
    void approvedBreakingChangesPass() {
        SchemaManifest after = new Manifests.Builder()
                .fields(required("po_number", FieldType.STRING, 16), AMOUNT)
                .approved()
                .migrations(new MigrationStep(MigrationType.DROP_COLUMN, "notes", "never filled in"),
                        new MigrationStep(MigrationType.CHANGE_TYPE, "po_number", "all values have 12 characters"))
                .build();
        SchemaDiff diff = SchemaDiff.between(before(), after);
        assertTrue(diff.isBreaking());
        assertEquals(List.of(), diff.unapprovedBreakingChanges());
    }

    @Test
    void contractExampleApprovesDroppingItsDeprecatedField() {
        SchemaManifest example = Manifests.example();
        List<FieldDefinition> withDeprecated = new java.util.ArrayList<>(example.fields());
        withDeprecated.add(text("deprecated_field", 10));
        SchemaManifest stored = new SchemaManifest(example.apiVersion(), example.kind(), example.path(), Map.of(),
                withDeprecated, example.rules(), example.search(), List.of());

        SchemaDiff diff = SchemaDiff.between(stored, example);

        assertEquals(List.of(Kind.DROP_FIELD), kinds(diff));
        assertEquals(List.of(), diff.unapprovedBreakingChanges());
        assertEquals(1, diff.unapprovedBreakingChanges(stored).size(), "the stored version approves nothing");
    }

    @Test
    void renameColumnEntryPairsTheDroppedAndTheAddedField() {
        SchemaManifest after = new Manifests.Builder()
                .fields(PO_NUMBER, AMOUNT, text("remarks", 1000))
                .approved()
                .migrations(new MigrationStep(MigrationType.RENAME_COLUMN, "notes", "clearer name", "remarks"))
                .build();

        SchemaDiff diff = SchemaDiff.between(before(), after);

        assertEquals(List.of(Kind.RENAME_FIELD), kinds(diff));
        SchemaChange rename = diff.changes().get(0);
        assertEquals("notes", rename.field());
        assertTrue(rename.breaking());
        assertEquals("field 'notes' is renamed to 'remarks'", rename.description());
        assertEquals(List.of(), diff.unapprovedBreakingChanges());
    }

    @Test
    void withoutARenameEntryARenameIsADropAndAnAdd() {
        SchemaManifest after = Manifests.of(PO_NUMBER, AMOUNT, text("remarks", 1000));
        assertEquals(List.of(Kind.DROP_FIELD, Kind.ADD_FIELD), kinds(SchemaDiff.between(before(), after)));
    }

    @Test
    void renamedFieldThatAlsoChangesIsReportedUnderItsNewName() {
        SchemaManifest after = new Manifests.Builder()
                .fields(PO_NUMBER, AMOUNT, required("remarks", FieldType.STRING, 500))
                .migrations(new MigrationStep(MigrationType.RENAME_COLUMN, "notes", "clearer name", "remarks"))
                .build();

        SchemaDiff diff = SchemaDiff.between(before(), after);

        assertEquals(List.of(Kind.RENAME_FIELD, Kind.NARROW_MAX_LENGTH, Kind.MAKE_REQUIRED), kinds(diff));
        assertEquals("remarks", diff.changes().get(1).field());
        assertEquals(3, diff.unapprovedBreakingChanges().size(), "no annotation, and no ChangeType entry for remarks");
    }

    @Test
    void renameEntryThatDoesNotMatchADropAndAnAddIsIgnored() {
        SchemaManifest after = new Manifests.Builder()
                .fields(PO_NUMBER, AMOUNT, NOTES, text("remarks", 1000))
                .migrations(new MigrationStep(MigrationType.RENAME_COLUMN, "notes", "still there", "remarks"))
                .build();
        assertEquals(List.of(Kind.ADD_FIELD), kinds(SchemaDiff.between(before(), after)));
    }

    @Test
    void manifestsOfDifferentPathsCannotBeCompared() {
        SchemaManifest other = new SchemaManifest(SchemaManifest.API_VERSION, SchemaManifest.KIND,
                SchemaPath.parse("acme/supply-chain/procurement/purchase-order/v2"), Map.of(), List.of(NOTES),
                List.of(), null, List.of());
        assertThrows(IllegalArgumentException.class, () -> SchemaDiff.between(before(), other));
    }
}
