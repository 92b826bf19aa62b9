package sh.velocity.auth.application.internal;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.OptionalLong;
import sh.velocity.auth.domain.ApiKeyCodec;
import sh.velocity.auth.domain.SecretBox;
import sh.velocity.auth.domain.jwt.AccessTokenIssuer;
import sh.velocity.auth.domain.jwt.AccessTokenRequest;
import sh.velocity.auth.domain.jwt.AccessTokenVerifier;
import sh.velocity.auth.domain.jwt.JwtKeys;
import sh.velocity.auth.domain.jwt.Refusal;
import sh.velocity.auth.domain.jwt.VerificationResult;
import sh.velocity.auth.domain.jwt.VerifiedAccessToken;
import sh.velocity.auth.domain.password.Argon2idHasher;
import sh.velocity.auth.domain.password.CommonPasswords;
import sh.velocity.auth.domain.password.PasswordPolicy;
import sh.velocity.auth.domain.totp.Totp;
import sh.velocity.kernel.secrets.KeyFiles;

/**
 * The server's credential machinery, configured once: the password policy and hasher, TOTP, the
 * secrets key that seals TOTP seeds, and the JWT signing keys with the issuer and verifier built on
 * them. Key files are read at start, or generated once when absent ({@link KeyFiles}).
 */
@ApplicationScoped
public class Credentials {

    private static final String TOTP_ISSUER = "Velocity";
    private static final ApiKeyCodec TOKEN_HASH = new ApiKeyCodec();

    @Inject
    AuthSettings settings;

    private final SecureRandom random = new SecureRandom();
    private final Clock clock = Clock.systemUTC();
    private final Totp totp = new Totp();
    private PasswordPolicy policy;
    private Argon2idHasher hasher;
    private String decoyHash;
    private SecretBox box;
    private JwtKeys keys;
    private AccessTokenIssuer issuer;
    private AccessTokenVerifier verifier;

    /** A verified access token's claims. */
    public record VerifiedToken(String subject, String id, String family) {
    }

    /** A verified token, or why it was refused (for the audit log). */
    public record TokenCheck(VerifiedToken token, String failure) {
    }

    @PostConstruct
    void load() {
        policy = new PasswordPolicy(settings.passwordMinLength(), true, true, true, true, CommonPasswords.shipped());
        hasher = new Argon2idHasher();
        decoyHash = hasher.hash("decoy-password-for-unknown-users".toCharArray());
        String encodedKey = KeyFiles.readOrCreate(settings.secretsKeyFile(), "secrets key", () -> {
            byte[] key = new byte[32];
            random.nextBytes(key);
            return Base64.getEncoder().encodeToString(key) + "\n";
        });
        box = new SecretBox(Base64.getDecoder().decode(encodedKey.trim()), random);
        keys = JwtKeys.parse(KeyFiles.readOrCreate(settings.jwtKeysFile(), "JWT signing key set",
                () -> JwtKeys.generate(clock).toJson()));
        issuer = new AccessTokenIssuer(keys);
        verifier = new AccessTokenVerifier(keys, settings.jwtIssuer(), settings.jwtAudience(), clock);
    }

    public PasswordPolicy policy() {
        return policy;
    }

    public Argon2idHasher hasher() {
        return hasher;
    }

    /** A hash to verify against when the user does not exist, so both cases cost the same. */
    String decoyHash() {
        return decoyHash;
    }

    public SecretBox box() {
        return box;
    }

    String newTotpSecret() {
        return Totp.newSecret(random);
    }

    String otpauthUri(String username, String secret) {
        return Totp.otpauthUri(TOTP_ISSUER, username, secret);
    }

    OptionalLong verifyTotp(String secret, String code, long lastUsedStep) {
        return totp.verify(secret, code, Instant.now(clock), lastUsedStep);
    }

    String issueAccessToken(String subject, String family) {
        return issuer.issue(new AccessTokenRequest(subject, settings.jwtIssuer(), settings.jwtAudience(), family,
                settings.accessTtl(), clock));
    }

    TokenCheck checkAccessToken(String token) {
        VerificationResult result = verifier.verify(token);
        if (result instanceof VerifiedAccessToken v) {
            return new TokenCheck(new VerifiedToken(v.subject(), v.jti(), v.family()), null);
        }
        return new TokenCheck(null, ((Refusal) result).reason());
    }

    Optional<VerifiedToken> verifyAccessToken(String token) {
        return Optional.ofNullable(checkAccessToken(token).token());
    }

    String publicJwks() {
        return keys.publicJwks();
    }

    /** 256 random bits, base64url: the secret part of a refresh token. */
    String randomToken() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The stored form of a refresh token: lowercase hex SHA-256, as for API keys. */
    static String sha256Hex(String value) {
        return TOKEN_HASH.hashHex(value);
    }
}
