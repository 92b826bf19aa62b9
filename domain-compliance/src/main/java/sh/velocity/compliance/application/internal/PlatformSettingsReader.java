package sh.velocity.compliance.application.internal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import sh.velocity.audit.api.AuditRetention;
import sh.velocity.compliance.domain.packs.PlatformSettings;

/** An organisation's platform settings for the controls, read through the audit module's api. */
@ApplicationScoped
public class PlatformSettingsReader {

    @Inject
    AuditRetention retention;

    public PlatformSettings of(String namespace) {
        Integer days = retention.policies().stream().filter(p -> p.namespace().equals(namespace)).findFirst()
                .map(AuditRetention.Policy::retainDays).orElse(null);
        int holds = retention.holds(namespace, false).size();
        return new PlatformSettings(namespace, days, holds, PlatformSettings.ENCRYPTED_AT_REST);
    }
}
