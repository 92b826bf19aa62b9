package sh.velocity.fencefixture.web;

import jakarta.annotation.security.RolesAllowed;
import jakarta.servlet.http.HttpServletRequest;

/** Violates the container-identity rule twice: asks the servlet container, and declares a role. */
public class ContainerCaller {

    @RolesAllowed("admin")
    public String who(HttpServletRequest request) {
        return request.getUserPrincipal() == null ? "nobody" : request.getUserPrincipal().getName();
    }
}
