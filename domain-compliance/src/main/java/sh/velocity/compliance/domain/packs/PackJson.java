package sh.velocity.compliance.domain.packs;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import sh.velocity.kernel.json.Jsonp;

/**
 * The stored form of an admitted pack: a CompliancePack manifest in JSON with its members in a fixed
 * order and defaults written out, so equal packs have equal text and {@link #specHash} tells an
 * unchanged re-apply from a change. {@link PackParser} reads it back.
 */
public final class PackJson {

    private PackJson() {
    }

    public static JsonObject canonical(CompliancePack p) {
        JsonObjectBuilder metadata = Jsonp.createObjectBuilder().add("name", p.name());
        if (p.namespace() != null) {
            metadata.add("namespace", p.namespace());
        }
        JsonObjectBuilder spec = Jsonp.createObjectBuilder();
        if (p.builtin() != null) {
            spec.add("builtin", p.builtin());
        }
        if (!p.title().isEmpty()) {
            spec.add("title", p.title());
        }
        if (!p.description().isEmpty()) {
            spec.add("description", p.description());
        }
        JsonArrayBuilder controls = Jsonp.createArrayBuilder();
        for (Control c : p.controls()) {
            controls.add(Jsonp.createObjectBuilder().add("id", c.id()).add("title", c.title())
                    .add("severity", c.severity().manifestName()).add("scope", c.scope().manifestName())
                    .add("when", c.when()).add("rule", c.rule()).add("message", c.message()));
        }
        if (!p.controls().isEmpty()) {
            spec.add("controls", controls);
        }
        return Jsonp.createObjectBuilder().add("apiVersion", CompliancePack.API_VERSION)
                .add("kind", CompliancePack.KIND).add("metadata", metadata).add("spec", spec).build();
    }

    /** SHA-256 (lowercase hex) of the canonical text. */
    public static String specHash(CompliancePack p) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(canonical(p).toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
