package sh.velocity.web.console;

import jakarta.annotation.PostConstruct;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import sh.velocity.auth.api.Authorizer;
import sh.velocity.auth.api.Verb;
import sh.velocity.kernel.SchemaPath;
import sh.velocity.records.api.ListQuery;
import sh.velocity.records.api.RecordPage;
import sh.velocity.records.api.Records;
import sh.velocity.schema.api.FieldSpec;
import sh.velocity.schema.api.RecordType;
import sh.velocity.schema.api.RecordTypes;

/**
 * The records of one schema ({@code ?schema=<path>}), read through {@link Records#list} as on
 * {@code GET /records/{path}}: row-level security decides what is seen, masked fields stay masked.
 * Paging cursors and the filter live in the view, on the server (a cursor can carry a sort value).
 * With {@code unmask} on the path, a record can be read unmasked through {@link Records#get}, which
 * checks the permission again and audits the read; its values go into {@link UnmaskedRecord}, a
 * request-scoped bean, so they leave in that one response and are kept nowhere.
 */
@Named("records")
@ViewScoped
public class RecordsPage implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    Records records;

    @Inject
    RecordTypes types;

    @Inject
    Authorizer authorizer;

    @Inject
    ConsoleMessages messages;

    @Inject
    UnmaskedRecord unmasked;

    private String schema;
    private boolean readable;
    private boolean unmaskable;
    private final List<String> columns = new ArrayList<>();
    private final List<String> filterable = new ArrayList<>();
    private final Deque<String> previous = new ArrayDeque<>();
    private String cursor;
    private String nextCursor;
    private int limit = 10;
    private String filterField;
    private String filterValue;
    private List<Row> rows = List.of();

    @PostConstruct
    void open() {
        schema = FacesContext.getCurrentInstance().getExternalContext().getRequestParameterMap().get("schema");
        SchemaPath path = path();
        if (path == null) {
            return;
        }
        readable = authorizer.has(Verb.READ, path.toString());
        if (!readable) {
            messages.error("You do not have the 'read' permission on " + path + ".");
            return;
        }
        unmaskable = authorizer.has(Verb.UNMASK, path.toString());
        RecordType type = types.find(path).orElse(null);
        if (type == null) {
            readable = false;
            messages.error("No schema " + path + ".");
            return;
        }
        columns.add("id");
        for (FieldSpec f : type.fields()) {
            columns.add(f.name());
            if (!f.masked()) {
                filterable.add(f.name());
            }
        }
        load();
    }

    private SchemaPath path() {
        if (schema == null || schema.isBlank()) {
            messages.error("Choose a schema on the Schemas page.");
            return null;
        }
        try {
            return SchemaPath.parse(schema);
        } catch (IllegalArgumentException e) {
            messages.error("Not a schema path: " + e.getMessage());
            schema = null;
            return null;
        }
    }

    private void load() {
        Map<String, String> filters = new LinkedHashMap<>();
        if (filterField != null && !filterField.isBlank() && filterValue != null && !filterValue.isBlank()) {
            filters.put(filterField, filterValue);
        }
        RecordPage page = messages.attempt("record.list", schema, false,
                () -> records.list(SchemaPath.parse(schema), new ListQuery(limit, cursor, filters, null)));
        if (page == null) {
            rows = List.of();
            nextCursor = null;
            return;
        }
        List<Row> out = new ArrayList<>();
        for (JsonObject r : page.items()) {
            out.add(Row.of(r, columns));
        }
        rows = out;
        nextCursor = page.nextCursor();
    }

    public void applyFilter() {
        previous.clear();
        cursor = null;
        load();
    }

    public void next() {
        if (nextCursor != null) {
            previous.push(cursor == null ? "" : cursor);
            cursor = nextCursor;
            load();
        }
    }

    public void previousPage() {
        if (!previous.isEmpty()) {
            String c = previous.pop();
            cursor = c.isEmpty() ? null : c;
            load();
        }
    }

    /** Reads one record unmasked (needs {@code unmask}; audited by the records facade). */
    public void unmask(String id) {
        JsonObject record = messages.attempt("record.unmask", schema + "/" + id, true,
                () -> records.get(SchemaPath.parse(schema), id, true));
        if (record != null) {
            unmasked.show(Row.of(record, columns));
        }
    }

    public String getSchema() {
        return schema;
    }

    public boolean isReadable() {
        return readable;
    }

    public boolean isUnmaskable() {
        return unmaskable;
    }

    public List<String> getColumns() {
        return columns;
    }

    public List<String> getFilterable() {
        return filterable;
    }

    public List<Row> getRows() {
        return rows;
    }

    public boolean isHasNext() {
        return nextCursor != null;
    }

    public boolean isHasPrevious() {
        return !previous.isEmpty();
    }

    public int getPageNumber() {
        return previous.size() + 1;
    }

    public int getLimit() {
        return limit;
    }

    public void setLimit(int limit) {
        this.limit = limit;
    }

    public String getFilterField() {
        return filterField;
    }

    public void setFilterField(String filterField) {
        this.filterField = filterField;
    }

    public String getFilterValue() {
        return filterValue;
    }

    public void setFilterValue(String filterValue) {
        this.filterValue = filterValue;
    }

    /** One record as table cells, in column order (values as the facade returned them). */
    public record Row(String id, List<String> cells) implements Serializable {

        static Row of(JsonObject record, List<String> columns) {
            List<String> cells = new ArrayList<>();
            for (String c : columns) {
                JsonValue v = record.get(c);
                cells.add(v == null || v.getValueType() == JsonValue.ValueType.NULL ? ""
                        : v instanceof JsonString s ? s.getString() : v.toString());
            }
            return new Row(record.getString("id", ""), List.copyOf(cells));
        }
    }
}
