package sh.velocity.web.console;

import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.context.ExternalContext;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import sh.velocity.auth.api.Authentication;
import sh.velocity.auth.api.CredentialVerifier;
import sh.velocity.auth.api.Sessions;
import sh.velocity.auth.api.Sessions.TokenPair;
import sh.velocity.kernel.problem.ErrorCode;
import sh.velocity.kernel.problem.VelocityException;

/**
 * Sign-in with password and TOTP code through the same {@link Sessions#login} as
 * {@code POST /api/v1/auth/login}: lockout, throttling and the audit events are the facade's. A
 * successful sign-in gets a new session id (no fixation) and keeps its tokens in the session only.
 */
@Named("signIn")
@RequestScoped
public class SignInPage {

    @Inject
    Sessions sessions;

    @Inject
    CredentialVerifier verifier;

    @Inject
    ConsoleMessages messages;

    private String username;
    private String password;
    private String totp;

    public String signIn() {
        char[] secret = password == null ? new char[0] : password.toCharArray();
        password = null;
        TokenPair tokens;
        try {
            tokens = sessions.login(username, secret, totp == null || totp.isBlank() ? null : totp.trim());
        } catch (VelocityException e) {
            messages.error(e.code() == ErrorCode.UNAUTHENTICATED ? "Invalid credentials." : e.detail());
            return null;
        }
        Authentication who = verifier.verify(tokens.accessToken());
        if (who.principal().isEmpty()) {
            messages.error("The sign-in could not be completed; try again.");
            return null;
        }
        ExternalContext external = FacesContext.getCurrentInstance().getExternalContext();
        ((HttpServletRequest) external.getRequest()).changeSessionId();
        external.getSessionMap().put(ConsoleSignIn.ATTRIBUTE,
                new ConsoleSignIn(who.principal().get(), tokens, Instant.now()));
        return "/console/dashboard.xhtml?faces-redirect=true";
    }

    public String getUsername() {
        return username;
    }

    public void setUsername(String username) {
        this.username = username;
    }

    /** Never read back into the page. */
    public String getPassword() {
        return null;
    }

    public void setPassword(String password) {
        this.password = password;
    }

    public String getTotp() {
        return null;
    }

    public void setTotp(String totp) {
        this.totp = totp;
    }
}
