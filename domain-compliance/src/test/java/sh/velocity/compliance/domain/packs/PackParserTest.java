package sh.velocity.compliance.domain.packs;

import sh.velocity.schema.domain.ManifestParser;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import sh.velocity.kernel.problem.ErrorCode;
import sh.velocity.kernel.problem.FieldError;
import sh.velocity.kernel.problem.VelocityException;

/** Admission of CompliancePack manifests: what is refused, where, and the bound on evaluation. */
class PackParserTest {

    private static final ControlRules RULES = new ControlRules();
    private static final PackParser PARSER = new PackParser(RULES, ManifestParser::document);
    private static final Map<String, CompliancePack> SHIPPED =
            ShippedPacks.load(PackParserTest.class.getClassLoader(), PARSER);

    private static String pack(String spec) {
        return "apiVersion: velocity.sh/v1\nkind: CompliancePack\nmetadata:\n  name: house-rules\n  namespace: acme\n"
                + "spec:\n" + spec;
    }

    private static String control(String extra) {
        return "  controls:\n    - id: HR-1\n      title: Notes are bounded\n      message: keep notes short\n" + extra;
    }

    private static FieldError refusedAt(String text, String field) {
        VelocityException e = assertThrows(VelocityException.class, () -> PARSER.parse(text, SHIPPED));
        assertEquals(ErrorCode.INVALID_MANIFEST, e.code());
        return e.errors().stream().filter(x -> x.field().equals(field)).findFirst()
                .orElseThrow(() -> new AssertionError("no error at " + field + ": " + e.errors()));
    }

    @Test
    void anOrganisationPackTakesABuiltinAndAddsItsOwnControls() {
        CompliancePack p = PARSER.parse(pack("  builtin: pci-dss\n" + control(
                "      scope: field\n      when: \"field.name == 'notes'\"\n      rule: field.maxLength <= 500\n")), SHIPPED);
        assertEquals("acme", p.namespace());
        assertEquals("pci-dss", p.builtin());
        CompliancePack resolved = p.resolvedWith(SHIPPED.get("pci-dss"));
        assertEquals(SHIPPED.get("pci-dss").controls().size() + 1, resolved.controls().size());
        assertEquals(PackJson.specHash(p), PackJson.specHash(PARSER.parse(PackJson.canonical(p).toString(), SHIPPED)),
                "the canonical form reads back to the same pack");
    }

    @Test
    void aRuleThatDoesNotCompileIsRefusedWhereItIs() {
        assertTrue(refusedAt(pack(control("      rule: \"schema.fields.all(f, \"\n")), "spec.controls[0].rule")
                .message().contains("CEL syntax error"));
        assertTrue(refusedAt(pack(control("      rule: schema.colour == 'red'\n")), "spec.controls[0].rule")
                .message().contains("CEL type error"));
        assertTrue(refusedAt(pack(control("      rule: schema.searchTier\n")), "spec.controls[0].rule")
                .message().contains("must evaluate to bool"));
        assertTrue(refusedAt(pack(control("      rule: field.required\n")), "spec.controls[0].rule")
                .message().contains("scope: field"), "field is not in scope of a schema control");
        assertTrue(refusedAt(pack(control("      rule: 'true'\n      when: \"1 +\"\n")), "spec.controls[0].when")
                .message().contains("CEL syntax error"));
    }

    @Test
    void shapeNamesAndBuiltinsAreChecked() {
        refusedAt(pack("  builtin: sox\n"), "spec.builtin");
        refusedAt(pack("  title: nothing\n"), "spec.controls");
        refusedAt(pack(control("      rule: 'true'\n      severity: urgent\n")), "spec.controls[0].severity");
        refusedAt(pack(control("      rule: 'true'\n      colour: red\n")), "spec.controls[0].colour");
        refusedAt(pack("  builtin: pci-dss\n  controls:\n    - id: PCI-3.4.1\n      title: t\n      message: m\n"
                + "      rule: 'true'\n"), "spec.controls[0].id");
        refusedAt(pack(control("      rule: 'true'\n")).replace("namespace: acme", "namespace: Acme"),
                "metadata.namespace");
        refusedAt(pack(control("      rule: 'true'\n")).replace("  namespace: acme\n", ""), "metadata.namespace");
        VelocityException e = assertThrows(VelocityException.class, () -> PARSER.parse("- just\n- a list\n", SHIPPED));
        assertEquals(ErrorCode.INVALID_MANIFEST, e.code());
    }

    @Test
    void anExpensiveRuleIsStoppedAndFailsTheControl() {
        ControlRules tight = new ControlRules(Duration.ofMillis(5));
        CompliancePack p = PARSER.parse(pack(control(
                "      rule: \"[1,2,3,4,5,6,7,8,9,10].all(a, [1,2,3,4,5,6,7,8,9,10].all(b, [1,2,3,4,5,6,7,8,9,10]"
                        + ".all(c, [1,2,3,4,5,6,7,8,9,10].all(d, [1,2,3,4,5,6,7,8,9,10].all(e, a + b + c + d + e > 0)))))\"\n")),
                SHIPPED);
        List<Finding> findings = new PackJudge(tight).judge(CompiledPack.of(p, tight),
                Subjects.schema("acme/a/b/c/v1").plain("x").build(), PlatformSettings.defaults("acme"), List.of(),
                Instant.now());
        assertEquals(Finding.Status.FAIL, findings.get(0).status());
        assertTrue(findings.get(0).message().contains("could not be evaluated"), findings.get(0).message());
    }

    @Test
    void aWaiverCoversItsControlUnderItsPrefixUntilItExpiresOrIsRevoked() {
        Instant now = Instant.parse("2026-05-01T00:00:00Z");
        Waiver w = new Waiver("w1", "pci-dss", "PCI-3.4.1", "acme/pay", "legacy import until Q3 migration done",
                "admin", now.minusSeconds(60), now.plusSeconds(3600), null, null);
        assertTrue(w.covers("pci-dss", "PCI-3.4.1", "acme/pay/cards/card/v1", now));
        assertTrue(!w.covers("pci-dss", "PCI-3.4.1", "acme/payroll/x/y/v1", now), "prefix is by segment");
        assertTrue(!w.covers("pci-dss", "PCI-3.5.1", "acme/pay/cards/card/v1", now));
        assertTrue(!w.covers("pci-dss", "PCI-3.4.1", "acme/pay/cards/card/v1", now.plusSeconds(3600)), "expired");
        Waiver revoked = new Waiver("w1", "pci-dss", "PCI-3.4.1", "acme/pay", "legacy import until Q3 migration done",
                "admin", now.minusSeconds(60), now.plusSeconds(3600), now, "admin");
        assertTrue(!revoked.covers("pci-dss", "PCI-3.4.1", "acme/pay/cards/card/v1", now));

        List<Finding> f = new PackJudge(RULES).judge(CompiledPack.of(SHIPPED.get("pci-dss"), RULES),
                Subjects.schema("acme/pay/cards/card/v1").field("card_number", "pci", null, 0, false).build(),
                PlatformSettings.defaults("acme"), List.of(w), now);
        Finding masked = f.stream().filter(x -> x.control().id().equals("PCI-3.4.1")).findFirst().orElseThrow();
        assertEquals(Finding.Status.WAIVED, masked.status());
        assertEquals("w1", masked.waiver());
    }
}
