package sh.velocity.compliance.domain.packs;

import java.util.List;

/**
 * The organisation's platform settings a control may judge: its audit retention
 * ({@code platform.audit_retention}; null days means kept forever, the default), how many legal holds
 * are active on it, and which sensitivities the platform encrypts at rest.
 */
public record PlatformSettings(String namespace, Integer auditRetentionDays, int activeLegalHolds,
                               List<String> encryptedSensitivities) {

    /** pci, phi and secret values are encrypted at rest (AES-GCM) by the platform, whatever the manifest says. */
    public static final List<String> ENCRYPTED_AT_REST = List.of("pci", "phi", "secret");

    public PlatformSettings {
        encryptedSensitivities = List.copyOf(encryptedSensitivities);
    }

    /** Defaults: audit kept forever, no holds, the platform's at-rest encryption. */
    public static PlatformSettings defaults(String namespace) {
        return new PlatformSettings(namespace, null, 0, ENCRYPTED_AT_REST);
    }
}
