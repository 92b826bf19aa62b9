package sh.velocity.records.infrastructure.crypto;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import sh.velocity.records.domain.encryption.KeyProvider;

/**
 * The key-encryption key (KEK) from configuration: {@code velocity.encryption.kek-file}, a file
 * holding the base64 of 32 random bytes (a Kubernetes secret mounted read-only). Never generated:
 * without a valid KEK the server cannot protect phi, pci or secret values, so it says so once at
 * start-up ({@code FATAL …}, naming the setting, never a key), reports not ready, and refuses every
 * read or write of such a field. Data keys are wrapped with AES-256-GCM under the KEK, the
 * organisation and key version as associated data.
 *
 * <p>KEK rotation: the new KEK goes into {@code kek-file}, the old one into
 * {@code velocity.encryption.previous-kek-files} (comma-separated), and {@code POST
 * /encryption/kek-rewrap} re-wraps every data key under the new one; then the old file can go.
 * A KEK is known by its id, the first 8 bytes of HMAC-SHA256(KEK, "velocity kek id") in hex,
 * which tells keys apart without revealing anything about them.
 */
@ApplicationScoped
public class ConfiguredKeyProvider implements KeyProvider {

    private static final Logger LOG = Logger.getLogger(ConfiguredKeyProvider.class.getName());
    private static final int KEK_BYTES = 32;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    @Inject
    @ConfigProperty(name = "velocity.encryption.kek-file")
    Optional<String> kekFile;

    @Inject
    @ConfigProperty(name = "velocity.encryption.previous-kek-files")
    Optional<List<String>> previousKekFiles;

    private final SecureRandom random = new SecureRandom();
    private volatile String currentId;
    private volatile Map<String, SecretKeySpec> keks = Map.of();
    private volatile String problem;

    @PostConstruct
    void load() {
        Map<String, SecretKeySpec> loaded = new LinkedHashMap<>();
        try {
            if (kekFile.isEmpty() || kekFile.get().isBlank()) {
                throw new IllegalStateException("velocity.encryption.kek-file (VELOCITY_ENCRYPTION_KEK_FILE) is not set");
            }
            SecretKeySpec current = read(kekFile.get().trim(), "velocity.encryption.kek-file");
            currentId = id(current);
            loaded.put(currentId, current);
            for (String file : previousKekFiles.orElse(List.of())) {
                if (!file.isBlank()) {
                    SecretKeySpec previous = read(file.trim(), "velocity.encryption.previous-kek-files");
                    loaded.putIfAbsent(id(previous), previous);
                }
            }
            keks = Map.copyOf(loaded);
            problem = null;
        } catch (IllegalStateException e) {
            problem = e.getMessage();
            LOG.severe("FATAL " + problem + " — phi, pci and secret fields cannot be encrypted or read; the server "
                    + "reports not ready (field-encryption) and refuses every read or write of them.");
        }
    }

    /** Loads the KEK when the application starts, so a missing one is logged at once, not at first use. */
    void atStartup(@Observes Startup startup) {
        usable();
    }

    @Override
    public Optional<String> problem() {
        return Optional.ofNullable(problem);
    }

    @Override
    public String currentKekId() {
        requireUsable();
        return currentId;
    }

    @Override
    public byte[] wrap(byte[] dataKey, String context) {
        requireUsable();
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, keks.get(currentId), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(aad(context));
            byte[] sealed = cipher.doFinal(dataKey);
            byte[] out = Arrays.copyOf(nonce, NONCE_BYTES + sealed.length);
            System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is required of every Java platform", e);
        }
    }

    @Override
    public byte[] unwrap(byte[] wrapped, String kekId, String context) throws KeyUnavailable {
        requireUsable();
        SecretKeySpec kek = keks.get(kekId);
        if (kek == null) {
            throw new KeyUnavailable("the data key is wrapped under KEK " + kekId + ", which is not configured "
                    + "(velocity.encryption.kek-file or previous-kek-files)");
        }
        if (wrapped == null || wrapped.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new KeyUnavailable("the wrapped data key is truncated");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, kek, new GCMParameterSpec(TAG_BITS, wrapped, 0, NONCE_BYTES));
            cipher.updateAAD(aad(context));
            return cipher.doFinal(wrapped, NONCE_BYTES, wrapped.length - NONCE_BYTES);
        } catch (AEADBadTagException e) {
            throw new KeyUnavailable("the wrapped data key does not authenticate under KEK " + kekId);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is required of every Java platform", e);
        }
    }

    private void requireUsable() {
        if (problem != null) {
            throw new IllegalStateException(problem);
        }
    }

    private static byte[] aad(String context) {
        return ("velocity-dek|" + context).getBytes(StandardCharsets.UTF_8);
    }

    private static SecretKeySpec read(String file, String setting) {
        byte[] key;
        try {
            String text = Files.readString(Path.of(file), StandardCharsets.US_ASCII).strip();
            key = Base64.getDecoder().decode(text);
        } catch (IOException e) {
            throw new IllegalStateException(setting + " names a file that cannot be read (" + Path.of(file).getFileName()
                    + ")");
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(setting + " names a file that is not base64 (" + Path.of(file).getFileName()
                    + ")");
        }
        if (key.length != KEK_BYTES) {
            throw new IllegalStateException(setting + " must hold the base64 of exactly " + KEK_BYTES
                    + " random bytes, not " + key.length + " (make one: head -c 32 /dev/urandom | base64)");
        }
        return new SecretKeySpec(key, "AES");
    }

    static String id(SecretKeySpec kek) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(kek.getEncoded(), "HmacSHA256"));
            byte[] digest = mac.doFinal("velocity kek id".getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required of every Java platform", e);
        }
    }
}
