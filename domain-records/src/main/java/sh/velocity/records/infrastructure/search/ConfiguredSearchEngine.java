package sh.velocity.records.infrastructure.search;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Optional;
import java.util.logging.Logger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.microprofile.config.Config;
import sh.velocity.records.domain.search.SearchEngine;

/**
 * The search engine from configuration: {@code velocity.search.url} (unset: no tier 3, every search
 * is answered by PostgreSQL), {@code velocity.search.user} and {@code velocity.search.password-file}
 * (basic authentication; the password is read from the file, never from the configuration itself),
 * {@code velocity.search.ca-file} (PEM, for a cluster with its own CA), {@code velocity.search.timeout}
 * (seconds, default 5). A bad setting disables tier 3 with one SEVERE line naming the setting.
 */
@ApplicationScoped
public class ConfiguredSearchEngine {

    private static final Logger LOG = Logger.getLogger(ConfiguredSearchEngine.class.getName());

    @Inject
    Config config;

    private Optional<SearchEngine> engine = Optional.empty();

    @PostConstruct
    void init() {
        Optional<String> url = setting("velocity.search.url");
        if (url.isEmpty()) {
            return;
        }
        try {
            URI base = URI.create(url.get().endsWith("/") ? url.get() : url.get() + "/");
            if (!"http".equals(base.getScheme()) && !"https".equals(base.getScheme())) {
                throw new IllegalArgumentException("velocity.search.url must be http:// or https://");
            }
            Optional<String> password = setting("velocity.search.password-file")
                    .map(f -> read(Path.of(f), "velocity.search.password-file"));
            SSLContext tls = setting("velocity.search.ca-file").map(f -> trusting(Path.of(f))).orElse(null);
            int seconds = Integer.parseInt(setting("velocity.search.timeout").orElse("5"));
            engine = Optional.of(new OpenSearchEngine(base, setting("velocity.search.user"), password, tls,
                    Duration.ofSeconds(seconds)));
        } catch (RuntimeException e) {
            LOG.severe("Search tier 3 is disabled: " + e.getMessage());
        }
    }

    /** The engine, or empty when none is configured (tier 2 only). */
    public Optional<SearchEngine> engine() {
        return engine;
    }

    private Optional<String> setting(String key) {
        return config.getOptionalValue(key, String.class).map(String::trim).filter(v -> !v.isEmpty());
    }

    private static String read(Path file, String key) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new IllegalArgumentException(key + " cannot be read");
        }
    }

    private static SSLContext trusting(Path caFile) {
        try (InputStream in = Files.newInputStream(caFile)) {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (var cert : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                store.setCertificateEntry("ca-" + i++, (X509Certificate) cert);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("velocity.search.ca-file is not a readable PEM certificate file");
        }
    }
}
