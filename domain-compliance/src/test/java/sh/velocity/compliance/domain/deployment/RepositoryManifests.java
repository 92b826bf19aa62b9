package sh.velocity.compliance.domain.deployment;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The repository's {@code deploy/kubernetes/*.yaml} read from the source tree (the module's
 * parent directory), and edited copies of them: each test breaks one property in a copy and
 * reviews the copy.
 */
final class RepositoryManifests {

    static final Path DIRECTORY = Path.of("..", "deploy", "kubernetes");

    private final Map<String, String> files;

    private RepositoryManifests(Map<String, String> files) {
        this.files = files;
    }

    static RepositoryManifests load() {
        Map<String, String> files = new LinkedHashMap<>();
        try (Stream<Path> listing = Files.list(DIRECTORY)) {
            for (Path path : listing.filter(p -> p.getFileName().toString().endsWith(".yaml")).sorted().toList()) {
                files.put(path.getFileName().toString(), Files.readString(path, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new RepositoryManifests(files);
    }

    Map<String, String> texts() {
        return files;
    }

    /** A copy with {@code original} replaced by {@code replacement} in {@code file}; the original must be there. */
    RepositoryManifests replace(String file, String original, String replacement) {
        String text = files.get(file);
        assertTrue(text != null && text.contains(original), file + " no longer contains the text this test edits:\n"
                + original);
        Map<String, String> copy = new LinkedHashMap<>(files);
        copy.put(file, text.replace(original, replacement));
        return new RepositoryManifests(copy);
    }

    /** A copy with one more document at the end of {@code file}. */
    RepositoryManifests append(String file, String document) {
        Map<String, String> copy = new LinkedHashMap<>(files);
        copy.put(file, files.get(file) + "\n---\n" + document);
        return new RepositoryManifests(copy);
    }

    /** A copy without the document of {@code file} that contains {@code marker}. */
    RepositoryManifests removeDocument(String file, String marker) {
        List<String> kept = new ArrayList<>();
        boolean removed = false;
        for (String document : files.get(file).split("(?m)^---$")) {
            if (document.contains(marker)) {
                removed = true;
            } else {
                kept.add(document);
            }
        }
        assertTrue(removed, file + " has no document containing " + marker);
        Map<String, String> copy = new LinkedHashMap<>(files);
        copy.put(file, String.join("---", kept));
        return new RepositoryManifests(copy);
    }

    DeploymentReport review() {
        return DeploymentReview.review(files.entrySet().stream()
                .map(e -> new ManifestFile("deploy/kubernetes/" + e.getKey(), e.getValue())).toList());
    }
}
