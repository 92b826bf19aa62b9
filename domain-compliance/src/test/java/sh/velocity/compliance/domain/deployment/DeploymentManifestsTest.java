package sh.velocity.compliance.domain.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** The files in {@code deploy/kubernetes/} are YAML Kubernetes accepts the shape of, and all are applied. */
class DeploymentManifestsTest {

    private static Yaml yaml() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        return new Yaml(new SafeConstructor(options));
    }

    @Test
    void everyDocumentOfEveryManifestIsAKubernetesObject() {
        Map<String, String> files = RepositoryManifests.load().texts();
        assertTrue(files.size() >= 9, "expected the nine manifests and the kustomization, found " + files.keySet());
        int objects = 0;
        for (Map.Entry<String, String> file : files.entrySet()) {
            for (Object document : yaml().loadAll(file.getValue())) {
                if (document == null) {
                    continue;
                }
                Map<?, ?> body = assertInstanceOf(Map.class, document, file.getKey());
                String where = file.getKey() + " " + body.get("kind");
                assertTrue(String.valueOf(body.get("apiVersion")).matches("[a-z0-9.-]*/?v[0-9a-z]+"), where + " apiVersion");
                assertTrue(String.valueOf(body.get("kind")).matches("[A-Z][A-Za-z]+"), where + " kind");
                if (!"Kustomization".equals(body.get("kind"))) {
                    Map<?, ?> metadata = assertInstanceOf(Map.class, body.get("metadata"), where + " metadata");
                    assertTrue(String.valueOf(metadata.get("name")).matches("[a-z0-9]([a-z0-9.-]*[a-z0-9])?"),
                            where + " metadata.name " + metadata.get("name"));
                }
                objects++;
            }
        }
        assertTrue(objects >= 25, "only " + objects + " objects");
    }

    @Test
    void theKustomizationListsEveryManifestOfTheDirectoryOnce() {
        Map<String, String> files = RepositoryManifests.load().texts();
        Map<?, ?> kustomization = yaml().load(files.get("kustomization.yaml"));
        List<String> listed = new ArrayList<>();
        for (Object resource : (List<?>) kustomization.get("resources")) {
            listed.add(String.valueOf(resource));
        }
        Set<String> present = new TreeSet<>(files.keySet());
        present.remove("kustomization.yaml");
        assertEquals(present, new TreeSet<>(listed));
        assertEquals(listed.size(), new TreeSet<>(listed).size(), "a file listed twice: " + listed);
        assertEquals("namespace.yaml", listed.get(0), "the namespace comes first");
    }

    @Test
    void noManifestCarriesASecretObject() {
        for (Map.Entry<String, String> file : RepositoryManifests.load().texts().entrySet()) {
            for (Object document : yaml().loadAll(file.getValue())) {
                if (document instanceof Map<?, ?> body) {
                    assertFalse("Secret".equals(body.get("kind")), file.getKey() + " defines a Secret");
                }
            }
        }
    }
}
