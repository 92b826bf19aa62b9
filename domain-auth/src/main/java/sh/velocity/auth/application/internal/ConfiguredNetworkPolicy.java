package sh.velocity.auth.application.internal;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import sh.velocity.auth.api.NetworkPolicy;
import sh.velocity.auth.domain.CidrList;

/** The allow and deny lists from configuration, parsed once; unparseable means nobody gets in. */
@ApplicationScoped
public class ConfiguredNetworkPolicy implements NetworkPolicy {

    private static final Logger LOG = Logger.getLogger(ConfiguredNetworkPolicy.class.getName());

    @Inject
    @ConfigProperty(name = "velocity.network.allow")
    java.util.Optional<String> allowText;

    @Inject
    @ConfigProperty(name = "velocity.network.deny")
    java.util.Optional<String> denyText;

    private CidrList allow;
    private CidrList deny;
    private boolean broken;

    @PostConstruct
    void parse() {
        try {
            allow = CidrList.parse(allowText.orElse(""));
            deny = CidrList.parse(denyText.orElse(""));
        } catch (IllegalArgumentException e) {
            broken = true;
            LOG.severe("velocity.network.allow/deny does not parse (" + e.getMessage()
                    + "): every API request is refused until it is fixed.");
        }
    }

    @Override
    public boolean allows(String sourceAddress) {
        if (broken) {
            return false;
        }
        if (deny.contains(sourceAddress)) {
            return false;
        }
        return allow.isEmpty() || allow.contains(sourceAddress);
    }
}
