package sh.velocity.compliance.domain.packs;

import sh.velocity.schema.domain.ManifestParser;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import sh.velocity.schema.api.PolicySubject;

/**
 * Every control of every shipped pack, failing on a schema that breaks it and passing on one that
 * keeps it: the pass and fail case of each control, and the field a field-scoped failure names.
 */
class ShippedPacksTest {

    private static final ControlRules RULES = new ControlRules();
    private static final Map<String, CompliancePack> SHIPPED =
            ShippedPacks.load(ShippedPacksTest.class.getClassLoader(), new PackParser(RULES, ManifestParser::document));
    private static final PackJudge JUDGE = new PackJudge(RULES);
    private static final PlatformSettings FOREVER = PlatformSettings.defaults("acme");
    private static final PlatformSettings MONTH = new PlatformSettings("acme", 30, 0, PlatformSettings.ENCRYPTED_AT_REST);
    private static final PlatformSettings YEAR = new PlatformSettings("acme", 365, 0, PlatformSettings.ENCRYPTED_AT_REST);
    private static final PlatformSettings UNENCRYPTED = new PlatformSettings("acme", null, 0, List.of());
    private static final String PATH = "acme/pay/cards/card/v1";

    /** Control id → field (or "" for schema scope) of every failing finding. */
    private static Map<String, List<String>> failures(String pack, PolicySubject s, PlatformSettings p) {
        return JUDGE.judge(CompiledPack.of(SHIPPED.get(pack), RULES), s, p, List.of(), Instant.now()).stream()
                .filter(f -> f.status() == Finding.Status.FAIL)
                .collect(Collectors.groupingBy(f -> f.control().id(), java.util.TreeMap::new,
                        Collectors.mapping(f -> f.field() == null ? "" : f.field(), Collectors.toList())));
    }

    private static void passes(String pack, PolicySubject s, PlatformSettings p) {
        assertEquals(Map.of(), failures(pack, s, p));
    }

    @Test
    void allFivePacksShipAndCompile() {
        assertEquals(List.of("soc2", "hipaa", "pci-dss", "gdpr", "iso27001"), List.copyOf(SHIPPED.keySet()));
        SHIPPED.values().forEach(p -> {
            assertTrue(p.controls().size() >= 3, p.name());
            assertTrue(!p.title().isEmpty(), p.name());
        });
    }

    @Test
    void pciDss() {
        // 3.4.1: an unmasked (no masking declared) pci field fails; partial 6 fails; partial 4 passes
        assertEquals(Map.of("PCI-3.4.1", List.of("card_number")), failures("pci-dss",
                Subjects.schema(PATH).field("card_number", "pci", null, 0, false).build(), FOREVER));
        assertEquals(Map.of("PCI-3.4.1", List.of("card_number")), failures("pci-dss",
                Subjects.schema(PATH).field("card_number", "pci", "partial", 6, false).build(), FOREVER));
        passes("pci-dss", Subjects.schema(PATH).field("card_number", "pci", "partial", 4, false).plain("amount").build(),
                FOREVER);
        passes("pci-dss", Subjects.schema(PATH).field("card_number", "pci", "hash", 0, false).build(), FOREVER);
        // 3.3.1: sensitive authentication data, whatever its sensitivity
        assertEquals(Map.of("PCI-3.3.1", List.of("cvv")), failures("pci-dss",
                Subjects.schema(PATH).field("cvv", "pci", "full", 0, false).build(), FOREVER));
        assertEquals(Map.of("PCI-3.3.1", List.of("track_2")), failures("pci-dss",
                Subjects.schema(PATH).plain("track_2").build(), FOREVER));
        passes("pci-dss", Subjects.schema(PATH).plain("tracking_number").build(), FOREVER);
        // 3.5.1: encryption at rest of pci fields
        assertEquals(Map.of("PCI-3.5.1", List.of("card_number")), failures("pci-dss",
                Subjects.schema(PATH).field("card_number", "pci", "full", 0, false).build(), UNENCRYPTED));
        // 10.5.1: a year of audit history, only for schemas with pci fields
        assertEquals(Map.of("PCI-10.5.1", List.of("")), failures("pci-dss",
                Subjects.schema(PATH).field("card_number", "pci", "full", 0, false).build(), MONTH));
        passes("pci-dss", Subjects.schema(PATH).field("card_number", "pci", "full", 0, false).build(), YEAR);
        passes("pci-dss", Subjects.schema(PATH).plain("note").build(), MONTH);
    }

    @Test
    void hipaa() {
        PolicySubject good = Subjects.schema(PATH).field("patient_id", "pii", "hash", 0, true)
                .field("diagnosis", "phi", null, 0, false).build();
        passes("hipaa", good, FOREVER);
        passes("hipaa", good, new PlatformSettings("acme", 2190, 0, PlatformSettings.ENCRYPTED_AT_REST));
        assertEquals(Map.of("HIPAA-164.316-b-2", List.of("")), failures("hipaa", good, YEAR));
        assertEquals(Map.of("HIPAA-164.312-a-2-iv", List.of("diagnosis")), failures("hipaa", good, UNENCRYPTED));
        assertEquals(Map.of("HIPAA-164.312-a-1", List.of("diagnosis")), failures("hipaa",
                Subjects.schema(PATH).field("patient_id", "pii", null, 0, true)
                        .field("diagnosis", "phi", "partial", 3, false).build(), FOREVER));
        assertEquals(Map.of("HIPAA-164.524", List.of("")), failures("hipaa",
                Subjects.schema(PATH).field("diagnosis", "phi", null, 0, false).build(), FOREVER));
        passes("hipaa", Subjects.schema(PATH).plain("note").build(), MONTH);
    }

    @Test
    void gdpr() {
        PolicySubject good = Subjects.schema(PATH).field("email", "pii", "partial", 4, true)
                .annotation("velocity.sh/retention", "730d").build();
        passes("gdpr", good, FOREVER);
        assertEquals(Map.of("GDPR-Art15-17", List.of(""), "GDPR-Art5-1-e", List.of("")), failures("gdpr",
                Subjects.schema(PATH).field("customer_ref", "pii", null, 0, false).build(), FOREVER));
        assertEquals(Map.of("GDPR-Art5-1-e", List.of("")), failures("gdpr",
                Subjects.schema(PATH).field("customer_ref", "pii", null, 0, true)
                        .annotation("velocity.sh/retention", "two years").build(), FOREVER));
        assertEquals(Map.of("GDPR-Art25", List.of("email")), failures("gdpr",
                Subjects.schema(PATH).field("email", "pii", "partial", 8, true)
                        .annotation("velocity.sh/retention", "730d").build(), FOREVER));
        assertEquals(Map.of("GDPR-Art32", List.of("date_of_birth")), failures("gdpr",
                Subjects.schema(PATH).plain("date_of_birth").plain("order_no").build(), FOREVER));
    }

    @Test
    void soc2() {
        passes("soc2", Subjects.schema(PATH).field("password", "secret", "hash", 0, false).plain("title").build(),
                YEAR);
        assertEquals(Map.of("SOC2-CC6.1-classification", List.of("api_key")), failures("soc2",
                Subjects.schema(PATH).plain("api_key").build(), FOREVER));
        assertEquals(Map.of("SOC2-CC6.1-secrets", List.of("token")), failures("soc2",
                Subjects.schema(PATH).field("token", "secret", "partial", 4, false).build(), FOREVER));
        assertEquals(Map.of("SOC2-CC7.2", List.of("")), failures("soc2", Subjects.schema(PATH).plain("x").build(),
                MONTH));
    }

    @Test
    void iso27001() {
        passes("iso27001", Subjects.schema(PATH).field("phone", "pii", "partial", 2, false).plain("title").build(),
                YEAR);
        assertEquals(Map.of("ISO27001-A.5.12", List.of("phone")), failures("iso27001",
                Subjects.schema(PATH).plain("phone").build(), FOREVER));
        assertEquals(Map.of("ISO27001-A.8.11", List.of("notes")), failures("iso27001",
                Subjects.schema(PATH).field("notes", "pii", null, 0, false).build(), FOREVER));
        assertEquals(Map.of("ISO27001-A.8.24", List.of("salary")), failures("iso27001",
                Subjects.schema(PATH).field("salary", "secret", "full", 0, false).build(), UNENCRYPTED));
        assertEquals(Map.of("ISO27001-A.8.15", List.of("")), failures("iso27001",
                Subjects.schema(PATH).plain("x").build(), MONTH));
    }
}
