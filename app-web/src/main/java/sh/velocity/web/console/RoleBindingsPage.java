package sh.velocity.web.console;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.List;
import sh.velocity.auth.api.RoleBindingView;
import sh.velocity.auth.api.RoleBindings;

/**
 * Role bindings through the same {@link RoleBindings} facade as {@code /api/v1/role-bindings}
 * ({@code rolebinding.manage}; no escalation: the facade refuses a grant the caller does not hold).
 */
@Named("roleBindings")
@RequestScoped
public class RoleBindingsPage {

    @Inject
    RoleBindings bindings;

    @Inject
    ConsoleMessages messages;

    private String principal;
    private String role;
    private String pathPrefix = "*";
    private List<RoleBindingView> list;

    @PostConstruct
    void load() {
        list = messages.attempt("rolebinding.list", "role-bindings", false, bindings::list);
    }

    public void create() {
        RoleBindingView created = messages.attempt("rolebinding.create", "role-bindings", true,
                () -> bindings.create(principal, role, pathPrefix));
        if (created != null) {
            messages.info("Bound " + created.role() + " to " + created.principal() + " on " + created.pathPrefix() + ".");
            principal = null;
            role = null;
            pathPrefix = "*";
            load();
        }
    }

    public void delete(String id) {
        Boolean done = messages.attempt("rolebinding.delete", "role-bindings/" + id, true, () -> {
            bindings.delete(id);
            return true;
        });
        if (done != null) {
            messages.info("Binding " + id + " deleted.");
            load();
        }
    }

    public boolean isPermitted() {
        return list != null;
    }

    public List<RoleBindingView> getList() {
        return list == null ? List.of() : list;
    }

    public String getPrincipal() {
        return principal;
    }

    public void setPrincipal(String principal) {
        this.principal = principal;
    }

    public String getRole() {
        return role;
    }

    public void setRole(String role) {
        this.role = role;
    }

    public String getPathPrefix() {
        return pathPrefix;
    }

    public void setPathPrefix(String pathPrefix) {
        this.pathPrefix = pathPrefix;
    }
}
