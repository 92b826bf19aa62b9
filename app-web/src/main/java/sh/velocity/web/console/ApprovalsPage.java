package sh.velocity.web.console;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.List;
import sh.velocity.schema.api.SchemaChangeView;
import sh.velocity.schema.api.SchemaChanges;

/**
 * The approval queue ({@code ?status=pending|approved|rejected|applied}, all by default): the
 * schema changes on paths the principal may read, newest first, as {@code GET /schema-changes}
 * lists them. Each links to its page, where the steps are taken.
 */
@Named("approvals")
@RequestScoped
public class ApprovalsPage {

    static final List<String> STATUSES = List.of("pending", "approved", "rejected", "applied");
    private static final int LIMIT = 200;

    @Inject
    SchemaChanges changes;

    @Inject
    ConsoleMessages messages;

    private String status;
    private List<SchemaChangeView> list = List.of();

    @PostConstruct
    void load() {
        String wanted = FacesContext.getCurrentInstance().getExternalContext().getRequestParameterMap().get("status");
        status = wanted != null && STATUSES.contains(wanted) ? wanted : null;
        List<SchemaChangeView> found = messages.attempt("schema-change.list", "schema-changes", false,
                () -> changes.list(status, null, LIMIT));
        list = found == null ? List.of() : found;
    }

    public List<String> getStatuses() {
        return STATUSES;
    }

    /** The status shown, or "" for all. */
    public String getStatus() {
        return status == null ? "" : status;
    }

    public List<SchemaChangeView> getList() {
        return list;
    }

    /** Whether the list was cut at its limit (older changes are not shown). */
    public boolean isTruncated() {
        return list.size() == LIMIT;
    }

    public int getLimit() {
        return LIMIT;
    }
}
