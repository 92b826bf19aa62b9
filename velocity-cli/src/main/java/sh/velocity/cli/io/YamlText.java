package sh.velocity.cli.io;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * {@code -o yaml}: the same document {@code -o json} prints, as block-style YAML through SnakeYAML's
 * emitter, which quotes every string that would otherwise read back as another type ({@code "yes"},
 * {@code "1.0"}, {@code "null"}) and escapes what a terminal must not receive. Reading the YAML
 * back yields the JSON document again.
 */
public final class YamlText {

    private YamlText() {
    }

    public static String of(JsonValue value) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndent(2);
        options.setIndicatorIndent(2);
        options.setIndentWithIndicator(true);
        options.setSplitLines(false);
        options.setAllowUnicode(true);
        return new Yaml(options).dump(plain(value));
    }

    /** Maps, lists, strings, numbers, booleans and null: the types SnakeYAML's safe representer writes. */
    private static Object plain(JsonValue v) {
        switch (v.getValueType()) {
            case OBJECT -> {
                Map<String, Object> m = new LinkedHashMap<>();
                ((JsonObject) v).forEach((k, x) -> m.put(k, plain(x)));
                return m;
            }
            case ARRAY -> {
                List<Object> l = new ArrayList<>();
                ((JsonArray) v).forEach(x -> l.add(plain(x)));
                return l;
            }
            case STRING -> {
                return ((JsonString) v).getString();
            }
            case NUMBER -> {
                JsonNumber n = (JsonNumber) v;
                return n.isIntegral() ? n.bigIntegerValue() : n.bigDecimalValue();
            }
            case TRUE -> {
                return Boolean.TRUE;
            }
            case FALSE -> {
                return Boolean.FALSE;
            }
            default -> {
                return null;
            }
        }
    }
}
