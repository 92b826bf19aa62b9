package sh.velocity.audit.infrastructure.drain;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;
import sh.velocity.audit.domain.drain.SiemDrain;

/**
 * The drains this server runs, each built by the transport its name selects when its switching key
 * is set: {@code webhook} when {@code velocity.audit.drain.webhook.url} is, {@code syslog} when
 * {@code velocity.audit.drain.syslog.host} is. Nothing is configured by default. A drain whose
 * settings are wrong (an unreadable secret file, a bad URL) is logged at SEVERE with the key to fix
 * and stays off; the others run.
 */
@ApplicationScoped
public class ConfiguredDrains {

    private static final Logger LOG = Logger.getLogger(ConfiguredDrains.class.getName());

    private record Transport(String switchKey, Function<DrainProperties, SiemDrain> build) {
    }

    private static final Map<String, Transport> TRANSPORTS = new LinkedHashMap<>();

    static {
        TRANSPORTS.put("webhook", new Transport("url", WebhookDrain::configure));
        TRANSPORTS.put("syslog", new Transport("host", SyslogDrain::configure));
    }

    @Inject
    Config config;

    private List<SiemDrain> drains;

    @PostConstruct
    void configure() {
        List<SiemDrain> built = new ArrayList<>();
        TRANSPORTS.forEach((name, transport) -> {
            DrainProperties properties = new DrainProperties(config, name);
            if (properties.string(transport.switchKey()).isEmpty()) {
                return;
            }
            try {
                built.add(transport.build().apply(properties));
            } catch (IllegalArgumentException | IllegalStateException | UncheckedIOException e) {
                LOG.severe("SIEM drain " + name + " is misconfigured and does not run: " + e.getMessage());
            }
        });
        drains = List.copyOf(built);
    }

    /** The drains that are configured and valid, in a fixed order. */
    public List<SiemDrain> all() {
        return drains;
    }
}
