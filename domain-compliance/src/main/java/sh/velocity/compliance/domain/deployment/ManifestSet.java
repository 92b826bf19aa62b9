package sh.velocity.compliance.domain.deployment;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Every object of every manifest file, each document of a multi-document file on its own, and the
 * files that could not be read. SnakeYAML runs with {@link SafeConstructor} and bounded aliases,
 * nesting and size, as for any text that is not ours to trust; a file that fails to parse is
 * reported whole, with the line SnakeYAML names, and contributes no object.
 */
final class ManifestSet {

    static final int MAX_FILE_CHARS = 2_000_000;

    private final List<KubeObject> objects;
    private final List<String> unreadable;

    private ManifestSet(List<KubeObject> objects, List<String> unreadable) {
        this.objects = List.copyOf(objects);
        this.unreadable = List.copyOf(unreadable);
    }

    static ManifestSet parse(List<ManifestFile> files) {
        List<KubeObject> objects = new ArrayList<>();
        List<String> unreadable = new ArrayList<>();
        for (ManifestFile file : files) {
            List<KubeObject> ofFile = new ArrayList<>();
            String problem = read(file, ofFile);
            if (problem == null) {
                objects.addAll(ofFile);
            } else {
                unreadable.add(file.name() + ": " + problem);
            }
        }
        return new ManifestSet(objects, unreadable);
    }

    private static String read(ManifestFile file, List<KubeObject> into) {
        if (file.text().length() > MAX_FILE_CHARS) {
            return "has " + file.text().length() + " characters, more than the " + MAX_FILE_CHARS + " read";
        }
        try {
            int index = 0;
            for (Object document : yaml().loadAll(file.text())) {
                index++;
                if (document == null) {
                    continue;
                }
                if (!(document instanceof Map<?, ?> body)) {
                    return "document " + index + " is not a mapping with apiVersion and kind";
                }
                if ("List".equals(Nodes.text(body, "kind").orElse(""))) {
                    for (Object item : Nodes.list(body, "items")) {
                        if (item instanceof Map<?, ?> itemBody) {
                            into.add(KubeObject.of(file.name(), itemBody));
                        }
                    }
                } else {
                    into.add(KubeObject.of(file.name(), body));
                }
            }
            return null;
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark();
            String where = mark == null ? "" : " at line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1);
            return "is not valid YAML" + where + ": " + (e.getProblem() == null ? "syntax error" : e.getProblem());
        } catch (YAMLException e) {
            return "could not be read as YAML (aliases, nesting or size beyond the limits)";
        }
    }

    private static Yaml yaml() {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(50);
        options.setAllowDuplicateKeys(false);
        options.setNestingDepthLimit(64);
        options.setCodePointLimit(MAX_FILE_CHARS);
        options.setAllowRecursiveKeys(false);
        DumperOptions dumper = new DumperOptions();
        return new Yaml(new SafeConstructor(options), new Representer(dumper), dumper, options, new Resolver());
    }

    List<KubeObject> objects() {
        return objects;
    }

    /** Problems of files that could not be read, each starting with the file's name. */
    List<String> unreadable() {
        return unreadable;
    }

    Stream<KubeObject> of(String group, String kind) {
        return objects.stream().filter(o -> o.is(group, kind));
    }

    /** Like {@link #of} but for an API group family such as {@code postgresql.cnpg.io}. */
    Stream<KubeObject> ofKind(String kind) {
        return objects.stream().filter(o -> o.kind().equals(kind));
    }
}
