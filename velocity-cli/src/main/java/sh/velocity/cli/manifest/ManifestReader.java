package sh.velocity.cli.manifest;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;
import sh.velocity.cli.io.CliFailure;
import sh.velocity.cli.io.Console;

/**
 * Reads the documents {@code velocity apply -f} names: a file (YAML with any number of documents
 * separated by {@code ---}, or a {@code .json} file with one object), a directory (its
 * {@code *.yaml}, {@code *.yml} and {@code *.json} files in name order, not descending), or
 * {@code -} for stdin. Everything is read and parsed before anything is applied, so a syntax error
 * in the last file applies nothing. YAML is loaded as the server loads it (SnakeYAML's safe
 * constructor, no duplicate keys, bounded aliases, nesting and size), and each document keeps its
 * own text, so a SchemaDefinition reaches the server exactly as written.
 */
public final class ManifestReader {

    static final int MAX_CHARS = 1_000_000;
    private static final int MAX_ALIASES = 20;
    private static final int MAX_NESTING = 20;

    private ManifestReader() {
    }

    /** Every document of every source, in order; empty documents are skipped. */
    public static List<ManifestDocument> read(List<String> sources, Console console) {
        List<ManifestDocument> docs = new ArrayList<>();
        for (String source : sources) {
            if (source.equals("-")) {
                String text;
                try {
                    text = new String(console.in().readNBytes(4 * MAX_CHARS + 1), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw CliFailure.usage("Cannot read manifests from stdin: " + e.getMessage());
                }
                docs.addAll(parse("stdin", text, looksLikeJson(text)));
            } else {
                for (Path file : files(Path.of(source))) {
                    docs.addAll(parse(file.toString(), readFile(file), file.getFileName().toString()
                            .toLowerCase(Locale.ROOT).endsWith(".json")));
                }
            }
        }
        return docs;
    }

    private static List<Path> files(Path path) {
        if (!Files.isDirectory(path)) {
            return List.of(path);
        }
        try (Stream<Path> entries = Files.list(path)) {
            List<Path> files = entries.filter(Files::isRegularFile).filter(p -> {
                String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
                return n.endsWith(".yaml") || n.endsWith(".yml") || n.endsWith(".json");
            }).sorted((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString())).toList();
            if (files.isEmpty()) {
                throw CliFailure.usage("No *.yaml, *.yml or *.json files in " + path);
            }
            return files;
        } catch (IOException e) {
            throw CliFailure.usage("Cannot list " + path + ": " + e.getMessage());
        }
    }

    private static String readFile(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw CliFailure.usage("No such file: " + file);
        } catch (IOException e) {
            throw CliFailure.usage("Cannot read " + file + ": " + e.getMessage());
        }
    }

    static List<ManifestDocument> parse(String source, String raw, boolean json) {
        String text = raw.startsWith("\uFEFF") ? raw.substring(1) : raw;
        if (text.length() > MAX_CHARS) {
            throw CliFailure.usage(source + " has more than " + MAX_CHARS + " characters");
        }
        return json ? List.of(json(source, text)) : yaml(source, text);
    }

    private static ManifestDocument json(String source, String text) {
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            JsonValue v = reader.readValue();
            if (!(v instanceof JsonObject o)) {
                throw CliFailure.usage(source + ": a JSON manifest must be one object with apiVersion, kind, metadata "
                        + "and spec");
            }
            return new ManifestDocument(source, 1, text, "application/json", o);
        } catch (JsonException e) {
            throw CliFailure.usage(source + " is not valid JSON: " + e.getMessage());
        }
    }

    private static List<ManifestDocument> yaml(String source, String text) {
        List<ManifestDocument> docs = new ArrayList<>();
        try {
            for (Node node : yaml().composeAll(new StringReader(text))) {
                if (node == null) {
                    continue;
                }
                Mark start = node.getStartMark();
                int from = text.offsetByCodePoints(0, start.getIndex());
                int to = text.offsetByCodePoints(0, node.getEndMark().getIndex());
                // The document's own text, at its own column (a root after "--- " keeps its indentation).
                String own = " ".repeat(start.getColumn()) + text.substring(from, to).stripTrailing() + "\n";
                Object loaded = yaml().load(own);
                if (loaded == null) {
                    continue;
                }
                String where = source + ":" + (start.getLine() + 1);
                if (!(loaded instanceof Map<?, ?> map)) {
                    throw CliFailure.usage(where + ": a manifest must be a mapping with apiVersion, kind, metadata and "
                            + "spec");
                }
                docs.add(new ManifestDocument(source, start.getLine() + 1, own, "application/yaml",
                        (JsonObject) toJson(map, where)));
            }
        } catch (MarkedYAMLException e) {
            Mark m = e.getProblemMark();
            throw CliFailure.usage(source + (m == null ? "" : ":" + (m.getLine() + 1) + ":" + (m.getColumn() + 1))
                    + ": not valid YAML: " + (e.getProblem() == null ? "syntax error" : e.getProblem()));
        } catch (YAMLException e) {
            throw CliFailure.usage(source + ": not readable as YAML: " + e.getMessage());
        }
        return docs;
    }

    private static Yaml yaml() {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(MAX_ALIASES);
        options.setAllowDuplicateKeys(false);
        options.setNestingDepthLimit(MAX_NESTING);
        options.setCodePointLimit(MAX_CHARS);
        options.setAllowRecursiveKeys(false);
        DumperOptions dumper = new DumperOptions();
        return new Yaml(new SafeConstructor(options), new Representer(dumper), dumper, options, new Resolver());
    }

    private static boolean looksLikeJson(String text) {
        String t = text.stripLeading();
        return t.startsWith("{") && t.stripTrailing().endsWith("}") && !t.contains("\n---");
    }

    /** SnakeYAML's safe types as JSON: mappings with string keys, sequences, scalars. */
    static JsonValue toJson(Object o, String where) {
        if (o == null) {
            return JsonValue.NULL;
        }
        if (o instanceof Map<?, ?> map) {
            JsonObjectBuilder b = Json.createObjectBuilder();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!(e.getKey() instanceof String key)) {
                    throw CliFailure.usage(where + ": the key " + e.getKey() + " is not a string");
                }
                b.add(key, toJson(e.getValue(), where));
            }
            return b.build();
        }
        if (o instanceof Collection<?> list) {
            JsonArrayBuilder b = Json.createArrayBuilder();
            list.forEach(x -> b.add(toJson(x, where)));
            return b.build();
        }
        if (o instanceof String s) {
            return Json.createValue(s);
        }
        if (o instanceof Boolean bool) {
            return bool ? JsonValue.TRUE : JsonValue.FALSE;
        }
        if (o instanceof Integer || o instanceof Long) {
            return Json.createValue(((Number) o).longValue());
        }
        if (o instanceof BigInteger big) {
            return Json.createValue(big);
        }
        if (o instanceof Double || o instanceof Float) {
            double d = ((Number) o).doubleValue();
            if (!Double.isFinite(d)) {
                throw CliFailure.usage(where + ": " + o + " is not a number JSON can carry");
            }
            return Json.createValue(BigDecimal.valueOf(d));
        }
        if (o instanceof Date date) {
            return Json.createValue(date.toInstant().toString());
        }
        if (o instanceof byte[] bytes) {
            return Json.createValue(Base64.getEncoder().encodeToString(bytes));
        }
        return Json.createValue(o.toString());
    }
}
