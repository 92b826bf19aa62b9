package sh.velocity.auth.api;

import java.util.List;

/** Users of the console and CLI (principal {@code user:<username>}). Needs {@code user.manage}. */
public interface Users {

    /** What a username looks like: it becomes part of a principal, an audit resource, a URL. */
    java.util.regex.Pattern USERNAME = java.util.regex.Pattern.compile("[a-z][a-z0-9._-]{2,62}");

    /** The principal a user's role bindings and audit events carry. */
    static String principalOf(String username) {
        return "user:" + username;
    }

    /**
     * Creates a user with a password that meets the policy, binds {@code roles} on every path (no
     * escalation: the caller must hold each role's verbs), and enrols TOTP when {@code mfa} is
     * asked for or a role requires it. The TOTP secret is returned here only.
     */
    NewUser create(String username, char[] password, List<String> roles, boolean mfa);

    /** A new TOTP secret for the user (the old one stops working), returned here only. */
    NewUser resetTotp(String username);

    /** A created user, with the TOTP enrolment to hand over once (null when not enrolled). */
    record NewUser(String username, String principal, List<String> roles, String totpSecret, String otpauthUri) {
    }
}
