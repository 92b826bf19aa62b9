package sh.velocity.auth.domain.jwt;

/** Why an access token was refused; one value per check, so the audit log tells the checks apart. */
public enum RefusalReason {
    TOO_LONG("token_too_long"),
    MALFORMED("token_malformed"),
    ALGORITHM_NOT_ALLOWED("alg_not_allowed"),
    CRITICAL_HEADER("crit_not_allowed"),
    WRONG_TYPE("typ_not_at_jwt"),
    MISSING_KID("kid_missing"),
    UNKNOWN_KID("kid_unknown"),
    BAD_SIGNATURE("signature_invalid"),
    WRONG_ISSUER("iss_wrong"),
    WRONG_AUDIENCE("aud_wrong"),
    MISSING_EXPIRY("exp_missing"),
    EXPIRED("expired"),
    NOT_YET_VALID("nbf_in_future"),
    MISSING_ISSUED_AT("iat_missing"),
    ISSUED_IN_FUTURE("iat_in_future"),
    MISSING_JTI("jti_missing"),
    MISSING_SUBJECT("sub_missing"),
    MISSING_FAMILY("fam_missing");

    private final String text;

    RefusalReason(String text) {
        this.text = text;
    }

    public String text() {
        return text;
    }

    Refusal refusal() {
        return new Refusal(this);
    }
}
