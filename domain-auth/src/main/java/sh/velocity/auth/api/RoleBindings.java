package sh.velocity.auth.api;

import java.util.List;

/** Grants and withdraws roles. Default deny: a principal without bindings can do nothing. */
public interface RoleBindings {

    RoleBindingView create(String principal, String role, String pathPrefix);

    List<RoleBindingView> list();

    void delete(String id);
}
