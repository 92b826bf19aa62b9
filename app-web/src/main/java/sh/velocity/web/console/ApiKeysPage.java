package sh.velocity.web.console;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.Arrays;
import java.util.List;
import sh.velocity.auth.api.ApiKeyView;
import sh.velocity.auth.api.ApiKeys;
import sh.velocity.auth.api.IssuedApiKey;

/**
 * API keys through the same {@link ApiKeys} facade as {@code /api/v1/api-keys} ({@code apikey.manage}).
 * A created key's plaintext lives in this request-scoped bean only: it is written into the one
 * response to the create post, never into the session, the view state, a URL or the browser's storage.
 */
@Named("apiKeys")
@RequestScoped
public class ApiKeysPage {

    @Inject
    ApiKeys keys;

    @Inject
    ConsoleMessages messages;

    private String name;
    private String principal;
    private String ttl = "90d";
    private String roles;
    private IssuedApiKey issued;
    private List<ApiKeyView> list;

    @PostConstruct
    void load() {
        list = messages.attempt("apikey.list", "api-keys", false, () -> keys.list(false));
    }

    public void create() {
        List<String> roleList = roles == null || roles.isBlank() ? List.of()
                : Arrays.stream(roles.split("[,\\s]+")).filter(r -> !r.isBlank()).toList();
        issued = messages.attempt("apikey.create", "api-keys", true,
                () -> keys.create(name, principal == null || principal.isBlank() ? null : principal, ttl, roleList));
        if (issued != null) {
            messages.info("Key " + issued.id() + " created. Copy it now: it is shown only once.");
            name = null;
            principal = null;
            roles = null;
            load();
        }
    }

    public void revoke(String id) {
        Boolean done = messages.attempt("apikey.revoke", "api-keys/" + id, true, () -> {
            keys.revoke(id);
            return true;
        });
        if (done != null) {
            messages.info("Key " + id + " revoked.");
            load();
        }
    }

    public boolean isPermitted() {
        return list != null;
    }

    public List<ApiKeyView> getList() {
        return list == null ? List.of() : list;
    }

    /** The created key (only in the response to its create post). */
    public IssuedApiKey getIssued() {
        return issued;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getPrincipal() {
        return principal;
    }

    public void setPrincipal(String principal) {
        this.principal = principal;
    }

    public String getTtl() {
        return ttl;
    }

    public void setTtl(String ttl) {
        this.ttl = ttl;
    }

    public String getRoles() {
        return roles;
    }

    public void setRoles(String roles) {
        this.roles = roles;
    }
}
