package sh.velocity.cli.command;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import sh.velocity.cli.io.Table;

/** JSON values as table cells, and records as a table whose columns are the fields they carry. */
final class Cells {

    /** The columns every record has, shown after its own fields. */
    private static final List<String> SYSTEM = List.of("version", "createdAt", "updatedAt");
    static final int LIST_CELL = 40;

    private Cells() {
    }

    /** A string as itself, null and absent as empty, anything else as compact JSON. */
    static String text(JsonValue v) {
        if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
            return "";
        }
        return v instanceof JsonString s ? s.getString() : v.toString();
    }

    static String text(JsonObject o, String key) {
        return text(o.get(key));
    }

    /** {@code id}, then the fields in the order they first appear, then version and timestamps. */
    static Table records(List<JsonObject> items) {
        Set<String> fields = new LinkedHashSet<>();
        items.forEach(i -> fields.addAll(i.keySet()));
        List<String> columns = new ArrayList<>();
        columns.add("id");
        fields.stream().filter(f -> !f.equals("id") && !SYSTEM.contains(f)).forEach(columns::add);
        SYSTEM.stream().filter(fields::contains).forEach(columns::add);
        Table t = Table.of(LIST_CELL, columns.stream().map(Cells::header).toList());
        for (JsonObject item : items) {
            t.row(columns.stream().map(c -> text(item, c)).toList());
        }
        return t;
    }

    /** One object as a two-column table: each member and its whole value. */
    static Table vertical(JsonObject o) {
        Table t = Table.of(0, "FIELD", "VALUE");
        o.forEach((k, v) -> t.row(k, text(v)));
        return t;
    }

    static String header(String name) {
        return name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase(java.util.Locale.ROOT);
    }
}
