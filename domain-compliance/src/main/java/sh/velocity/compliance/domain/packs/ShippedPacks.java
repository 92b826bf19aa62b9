package sh.velocity.compliance.domain.packs;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The packs shipped with the server, read from {@value #LOCATION} on the class path: SOC 2, HIPAA,
 * PCI DSS, GDPR and ISO 27001. An organisation enables one by naming it in {@code spec.builtin}.
 * A shipped pack that does not parse or compile stops the server from starting (its tests fail
 * first).
 */
public final class ShippedPacks {

    public static final String LOCATION = "META-INF/velocity/compliance-packs/";
    public static final List<String> NAMES = List.of("soc2", "hipaa", "pci-dss", "gdpr", "iso27001");

    private ShippedPacks() {
    }

    /** Every shipped pack by name, in {@link #NAMES} order. */
    public static Map<String, CompliancePack> load(ClassLoader loader, PackParser parser) {
        Map<String, CompliancePack> out = new LinkedHashMap<>();
        for (String name : NAMES) {
            CompliancePack pack = parser.parseShipped(read(loader, name));
            if (!pack.name().equals(name)) {
                throw new IllegalStateException(LOCATION + name + ".yaml names itself " + pack.name());
            }
            out.put(name, pack);
        }
        return out;
    }

    private static String read(ClassLoader loader, String name) {
        try (InputStream in = loader.getResourceAsStream(LOCATION + name + ".yaml")) {
            if (in == null) {
                throw new IllegalStateException("the shipped compliance pack " + LOCATION + name + ".yaml is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
