package sh.velocity.compliance.infrastructure.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import sh.velocity.compliance.domain.deployment.ClusterStatus;
import sh.velocity.compliance.domain.deployment.DeploymentReview;
import sh.velocity.compliance.domain.deployment.ManifestFile;

/** The build packages every manifest of {@code deploy/kubernetes/}, and the loader finds them all. */
class ClasspathDeploymentManifestsTest {

    private static final Path SOURCE = Path.of("..", "deploy", "kubernetes");

    @Test
    void everyPackagedManifestIsReadUnderItsRepositoryNameAndEqualsTheSource() throws IOException {
        List<ManifestFile> files = ClasspathDeploymentManifests.packaged().read();
        List<String> names = ClasspathDeploymentManifests.packaged().names();
        assertEquals(names.size(), files.size());
        assertTrue(names.containsAll(List.of("namespace.yaml", "velocity-api.yaml", "network-policies.yaml",
                "external-secrets.yaml", "postgres.yaml", "monitoring.yaml", "validating-webhook.yaml")), names.toString());
        for (ManifestFile file : files) {
            assertTrue(file.name().startsWith("deploy/kubernetes/"), file.name());
            String name = file.name().substring("deploy/kubernetes/".length());
            assertEquals(Files.readString(SOURCE.resolve(name), StandardCharsets.UTF_8), file.text(),
                    name + " in the jar differs from the repository's");
        }
    }

    @Test
    void thePackagedManifestsLeaveEveryClusterItemToTheLiveCheck() {
        DeploymentReview.review(ClasspathDeploymentManifests.packaged().read()).findings()
                .forEach(f -> assertEquals(ClusterStatus.MANUAL, f.status(), f.item() + ": " + f.evidence()));
    }

    @Test
    void aClassPathWithoutTheManifestsIsReportedByLocation() throws IOException {
        try (URLClassLoader empty = new URLClassLoader(new URL[0], null)) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> new ClasspathDeploymentManifests(empty).read());
            assertEquals("META-INF/velocity/deploy/kustomization.yaml is not on the class path; the build copies "
                    + "deploy/kubernetes/ there", e.getMessage());
        }
    }
}
