package sh.velocity.web.console;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.List;
import sh.velocity.schema.api.SchemaAdministration;
import sh.velocity.schema.api.SchemaSummary;

/** The schemas the principal may read ({@link SchemaAdministration#list} filters them), as on {@code GET /schemas}. */
@Named("schemas")
@RequestScoped
public class SchemasPage {

    @Inject
    SchemaAdministration schemas;

    @Inject
    ConsoleMessages messages;

    private List<SchemaSummary> list = List.of();

    @PostConstruct
    void load() {
        List<SchemaSummary> found = messages.attempt("schema.list", "schemas", false, schemas::list);
        list = found == null ? List.of() : found;
    }

    public List<SchemaSummary> getList() {
        return list;
    }
}
