package sh.velocity.auth.application.internal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.SQLException;
import java.util.logging.Logger;
import sh.velocity.audit.api.AuditEvent;
import sh.velocity.audit.api.AuditTrail;
import sh.velocity.auth.api.BootstrapCredentials;
import sh.velocity.auth.api.IssuedApiKey;
import sh.velocity.auth.api.Verb;
import sh.velocity.auth.domain.TimeToLive;
import sh.velocity.auth.infrastructure.persistence.JdbcApiKeys;
import sh.velocity.auth.infrastructure.persistence.JdbcRoleBindings;
import sh.velocity.kernel.json.Jsonp;
import sh.velocity.kernel.request.RequestContext;

/**
 * Issues the bootstrap admin key once per database. The claim row, the key, its binding and the
 * audit event commit together; the file is written inside the transaction, so a failed write
 * rolls the claim back and the next start tries again. The key is never logged; only the path is.
 */
@ApplicationScoped
public class DefaultBootstrapCredentials implements BootstrapCredentials {

    public static final String PRINCIPAL = "bootstrap-admin";
    private static final Logger LOG = Logger.getLogger(DefaultBootstrapCredentials.class.getName());

    @Inject
    JdbcApiKeys keys;

    @Inject
    JdbcRoleBindings bindings;

    @Inject
    DefaultApiKeys apiKeys;

    @Inject
    AuditTrail audit;

    @Inject
    AuthSettings settings;

    @Inject
    RequestContext request;

    @Override
    @Transactional
    public void ensureIssued() {
        try {
            if (!keys.claimBootstrap()) {
                return;
            }
            IssuedApiKey issued = apiKeys.issue(PRINCIPAL, PRINCIPAL,
                    TimeToLive.parse(settings.bootstrapKeyTtl()).toSeconds(), request.actor());
            bindings.insert(PRINCIPAL, "platform-admin", Verb.PLATFORM_SCOPE, request.actor());
            Path file = Path.of(settings.bootstrapKeyFile()).toAbsolutePath();
            writeOwnerOnly(file, issued.key() + "\n");
            audit.append(AuditEvent.success(AuditEvent.PLATFORM_CHAIN, "apikey.bootstrap", "apikey/" + issued.id(),
                    Jsonp.createObjectBuilder().add("principal", PRINCIPAL).add("role", "platform-admin")
                            .add("expiresAt", issued.expiresAt().toString()).build()));
            LOG.info("Bootstrap admin key issued (principal " + PRINCIPAL + ", expires " + issued.expiresAt()
                    + ") and written to " + file);
        } catch (SQLException e) {
            throw new IllegalStateException("the bootstrap key could not be issued", e);
        }
    }

    private static void writeOwnerOnly(Path file, String content) {
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, content, StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("the bootstrap key file " + file + " could not be written", e);
        }
    }
}
