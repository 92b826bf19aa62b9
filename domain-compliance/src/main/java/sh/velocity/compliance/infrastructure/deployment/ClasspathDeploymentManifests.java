package sh.velocity.compliance.infrastructure.deployment;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import sh.velocity.compliance.domain.deployment.ManifestFile;

/**
 * Reads the deployment manifests the build packaged under {@value #LOCATION}. A class path cannot be
 * listed portably (inside an EAR on Liberty it is not a directory), so the list is the directory's
 * {@code kustomization.yaml}, whose {@code resources} name every manifest in apply order; a unit test
 * keeps that list equal to the directory. Each file is named as it is in the repository
 * ({@code deploy/kubernetes/<file>}), so evidence points at something a reader can open.
 */
public final class ClasspathDeploymentManifests {

    /** Where the build puts the manifests in the jar. */
    public static final String LOCATION = "META-INF/velocity/deploy/";
    /** The name a manifest has in the repository, before its file name. */
    public static final String REPOSITORY_DIRECTORY = "deploy/kubernetes/";
    static final String INDEX = "kustomization.yaml";

    private final ClassLoader loader;

    public ClasspathDeploymentManifests(ClassLoader loader) {
        this.loader = Objects.requireNonNull(loader, "loader");
    }

    /** The manifests visible to this module's own class loader. */
    public static ClasspathDeploymentManifests packaged() {
        return new ClasspathDeploymentManifests(ClasspathDeploymentManifests.class.getClassLoader());
    }

    /** The file names the index lists, in its order. */
    public List<String> names() {
        Object index = new Yaml(new SafeConstructor(new LoaderOptions())).load(read(INDEX));
        if (!(index instanceof Map<?, ?> map) || !(map.get("resources") instanceof List<?> resources)) {
            throw new IllegalStateException(LOCATION + INDEX + " has no resources list");
        }
        List<String> names = new ArrayList<>();
        for (Object resource : resources) {
            String name = String.valueOf(resource);
            if (!name.matches("[A-Za-z0-9._-]+\\.yaml") || name.startsWith(".")) {
                throw new IllegalStateException(LOCATION + INDEX + " lists '" + name
                        + "', which is not a file of the directory");
            }
            names.add(name);
        }
        return names;
    }

    /** Every manifest the index lists, as text, in the index's order. */
    public List<ManifestFile> read() {
        List<ManifestFile> files = new ArrayList<>();
        for (String name : names()) {
            files.add(new ManifestFile(REPOSITORY_DIRECTORY + name, read(name)));
        }
        return files;
    }

    private String read(String name) {
        try (InputStream in = loader.getResourceAsStream(LOCATION + name)) {
            if (in == null) {
                throw new IllegalStateException(LOCATION + name + " is not on the class path; the build copies "
                        + REPOSITORY_DIRECTORY + " there");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + LOCATION + name, e);
        }
    }
}
