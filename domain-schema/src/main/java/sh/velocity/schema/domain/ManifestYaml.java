package sh.velocity.schema.domain;

import static sh.velocity.schema.domain.ManifestProblems.DOCUMENT;
import static sh.velocity.schema.domain.ManifestProblems.clip;
import static sh.velocity.schema.domain.ManifestProblems.rejection;

import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.DuplicateKeyException;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * The only place SnakeYAML runs. It caps the text before parsing and configures the loader so that
 * untrusted input yields nothing but maps, lists and plain scalars: {@link SafeConstructor} (no
 * arbitrary classes, no global tags), at most {@value #MAX_ALIASES} aliases of collections (billion
 * laughs), at most {@value #MAX_NESTING_DEPTH} levels of nesting (stack exhaustion), no duplicate or
 * recursive keys, exactly one document. Every SnakeYAML failure becomes an {@code INVALID_MANIFEST}
 * sentence that says where, without repeating the input.
 */
final class ManifestYaml {

    static final int MAX_MANIFEST_CHARS = 1_000_000;
    static final int MAX_ALIASES = 20;
    static final int MAX_NESTING_DEPTH = 20;

    private ManifestYaml() {
    }

    /** The single top-level mapping of the text, within the size, alias and nesting limits. */
    static Map<?, ?> load(String text) {
        if (text == null || text.isBlank()) {
            throw rejection(DOCUMENT, "the manifest is empty; send a SchemaDefinition as YAML or JSON");
        }
        if (text.length() > MAX_MANIFEST_CHARS) {
            throw rejection(DOCUMENT, "the manifest has " + text.length() + " characters; at most "
                    + MAX_MANIFEST_CHARS + " are accepted");
        }
        Object document;
        try {
            document = yaml().load(text);
        } catch (YAMLException e) {
            throw rejection(DOCUMENT, unreadable(e));
        } catch (RuntimeException e) {
            throw rejection(DOCUMENT, "the manifest could not be read as YAML or JSON");
        }
        if (document == null) {
            throw rejection(DOCUMENT, "the manifest is empty; send a SchemaDefinition as YAML or JSON");
        }
        if (!(document instanceof Map<?, ?> root)) {
            throw rejection(DOCUMENT, "the manifest must be a mapping with apiVersion, kind, metadata and spec, got "
                    + ManifestReader.describe(document));
        }
        return root;
    }

    private static Yaml yaml() {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(MAX_ALIASES);
        options.setAllowDuplicateKeys(false);
        options.setNestingDepthLimit(MAX_NESTING_DEPTH);
        options.setCodePointLimit(MAX_MANIFEST_CHARS);
        options.setAllowRecursiveKeys(false);
        DumperOptions dumper = new DumperOptions();
        return new Yaml(new SafeConstructor(options), new Representer(dumper), dumper, options, new Resolver());
    }

    /** A person-actionable sentence for a SnakeYAML failure, without echoing the input. */
    private static String unreadable(YAMLException e) {
        if (e instanceof MarkedYAMLException marked) {
            String where = where(marked.getProblemMark());
            String context = marked.getContext() == null ? "" : marked.getContext();
            if (context.contains("single document")) {
                return "the manifest must be exactly one YAML document, found another one" + where;
            }
            String problem = marked.getProblem() == null ? "syntax error" : clip(marked.getProblem());
            if (e instanceof DuplicateKeyException) {
                return "the manifest repeats a key" + where + ": " + problem;
            }
            return "the manifest is not valid YAML or JSON" + where + ": " + problem;
        }
        String message = e.getMessage() == null ? "" : e.getMessage();
        if (message.contains("aliases")) {
            return "the manifest uses more than " + MAX_ALIASES + " YAML aliases of lists or mappings;"
                    + " write the values out instead of referencing anchors";
        }
        if (message.contains("Nesting Depth")) {
            return "the manifest is nested more than " + MAX_NESTING_DEPTH + " levels deep";
        }
        if (message.contains("code points")) {
            return "the manifest has more than " + MAX_MANIFEST_CHARS + " characters";
        }
        return "the manifest could not be read as YAML or JSON: " + clip(message);
    }

    private static String where(Mark mark) {
        return mark == null ? "" : " at line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1);
    }
}
