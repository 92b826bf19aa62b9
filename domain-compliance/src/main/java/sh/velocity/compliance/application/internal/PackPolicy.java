package sh.velocity.compliance.application.internal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import sh.velocity.compliance.domain.packs.Finding;
import sh.velocity.compliance.domain.packs.PlatformSettings;
import sh.velocity.compliance.domain.packs.Waiver;
import sh.velocity.compliance.infrastructure.packs.JdbcWaivers;
import sh.velocity.kernel.problem.ErrorCode;
import sh.velocity.kernel.problem.VelocityException;
import sh.velocity.schema.api.ApplyPolicy;
import sh.velocity.schema.api.PolicyDecision;
import sh.velocity.schema.api.PolicySubject;
import sh.velocity.schema.api.PolicyViolation;

/**
 * The compliance packs as the schema module's {@link ApplyPolicy}: every control of every pack
 * enabled for the schema's namespace judges the schema; a failure blocks the apply unless a waiver
 * active at this moment covers it. A namespace without packs costs one query.
 */
@ApplicationScoped
public class PackPolicy implements ApplyPolicy {

    @Inject
    PackCatalog catalog;

    @Inject
    JdbcWaivers waivers;

    @Inject
    PlatformSettingsReader settings;

    @Override
    public PolicyDecision evaluate(PolicySubject schema) {
        List<PackCatalog.Enabled> packs = catalog.enabled(schema.namespace());
        if (packs.isEmpty()) {
            return PolicyDecision.PASS;
        }
        List<Waiver> active;
        try {
            active = waivers.active(schema.namespace());
        } catch (SQLException e) {
            throw new VelocityException(ErrorCode.INTERNAL_ERROR, "The compliance waivers could not be read.");
        }
        PlatformSettings platform = settings.of(schema.namespace());
        Instant now = Instant.now();
        List<PolicyViolation> failing = new ArrayList<>();
        List<PolicyViolation> waived = new ArrayList<>();
        for (PackCatalog.Enabled pack : packs) {
            for (Finding f : catalog.judge().judge(pack.pack(), schema, platform, active, now)) {
                if (f.status() == Finding.Status.FAIL) {
                    failing.add(violation(f));
                } else if (f.status() == Finding.Status.WAIVED) {
                    waived.add(violation(f));
                }
            }
        }
        return new PolicyDecision(failing, waived);
    }

    static PolicyViolation violation(Finding f) {
        return new PolicyViolation(f.pack(), f.control().id(), f.control().title(),
                f.control().severity().manifestName(), f.field(), f.message(), f.waiver());
    }
}
