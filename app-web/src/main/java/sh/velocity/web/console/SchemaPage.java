package sh.velocity.web.console;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.List;
import sh.velocity.kernel.SchemaPath;
import sh.velocity.schema.api.FieldSpec;
import sh.velocity.schema.api.RecordType;
import sh.velocity.schema.api.RecordTypes;
import sh.velocity.schema.api.RuleSpec;
import sh.velocity.schema.api.SchemaAdministration;
import sh.velocity.schema.api.SchemaDetail;
import sh.velocity.schema.api.SchemaRevision;

/**
 * One schema ({@code ?schema=<path>}): fields with sensitivity and masking, rules, search settings,
 * and its version history with the migrations and their reasons, as {@code GET /schemas/{path}}
 * shows it ({@code schema.read}: without it the facade answers "no schema", and so does the page).
 */
@Named("schema")
@RequestScoped
public class SchemaPage {

    @Inject
    SchemaAdministration schemas;

    @Inject
    RecordTypes types;

    @Inject
    ConsoleMessages messages;

    private SchemaDetail detail;
    private RecordType type;

    @PostConstruct
    void load() {
        String schema = FacesContext.getCurrentInstance().getExternalContext().getRequestParameterMap().get("schema");
        if (schema == null || schema.isBlank()) {
            messages.error("Choose a schema on the Schemas page.");
            return;
        }
        detail = messages.attempt("schema.read", schema, false, () -> schemas.show(SchemaPath.parse(schema)));
        if (detail != null) {
            type = types.find(SchemaPath.parse(schema)).orElse(null);
        }
    }

    public boolean isFound() {
        return detail != null;
    }

    public String getPath() {
        return detail == null ? "" : detail.summary().schemaPath();
    }

    public int getGeneration() {
        return detail == null ? 0 : detail.summary().generation();
    }

    public List<FieldSpec> getFields() {
        return type == null ? List.of() : type.fields();
    }

    public List<RuleSpec> getRules() {
        return type == null ? List.of() : type.rules();
    }

    public String getSearch() {
        if (type == null) {
            return "";
        }
        return "tier " + type.searchTier() + (type.searchFields().isEmpty() ? ", no search fields"
                : " over " + String.join(", ", type.searchFields()));
    }

    public List<SchemaRevision> getHistory() {
        return detail == null ? List.of() : detail.history();
    }
}
