package sh.velocity.compliance.domain.deployment;

import java.util.Objects;

/**
 * One manifest file as text, under the name evidence should use for it (for example
 * {@code deploy/kubernetes/velocity-api.yaml}). It may hold several YAML documents.
 */
public record ManifestFile(String name, String text) {

    public ManifestFile {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(text, "text");
    }
}
