package sh.velocity.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import sh.velocity.it.stack.TestStack;
import sh.velocity.it.support.Api;
import sh.velocity.it.support.Deployments;
import sh.velocity.it.support.Sql;
import sh.velocity.it.support.Totp;

/**
 * Users, passwords, TOTP, access and refresh tokens (issue 5, acceptance 3 and 4) as a client meets
 * them: every refusal is a 401 that says nothing more, and each is in the audit log.
 */
@ExtendWith(ArquillianExtension.class)
class SessionsIT {

    private static final String STRONG = "Correct-Horse-7-Battery";

    @Deployment(testable = false)
    static EnterpriseArchive app() {
        return Deployments.velocity();
    }

    @AfterEach
    void forgetLockouts() throws Exception {
        TestStack.current().redisCommand("DEL", "velocity:lockout:ip:127.0.0.1", "velocity:failures:ip:127.0.0.1");
    }

    @Test
    void aWeakPasswordIsRefusedWithEveryReasonAndNeverEchoed() {
        JsonObject problem = createUser("weakling", "password1", false, "reader").problem(400, "VALIDATION_FAILED");
        String text = problem.toString();
        assertFalse(text.contains("password1"), text);
        assertTrue(text.contains("12"), "the length rule: " + text);
        assertTrue(text.contains("common"), "the common-password rule: " + text);
    }

    @Test
    void loginRefreshRotationAndReuseRevokesTheWholeFamily() {
        createUser("alice", STRONG, false, "reader").expect(201);
        JsonObject first = login("alice", STRONG, null).expect(200).json();
        assertEquals("Bearer", first.getString("tokenType"));
        assertEquals(900, first.getInt("expiresIn"));
        Api alice = Api.withKey(first.getString("accessToken"));
        alice.get("/api/v1/schemas").expect(200);

        JsonObject second = refresh(first.getString("refreshToken")).expect(200).json();
        assertNotEquals(first.getString("refreshToken"), second.getString("refreshToken"));
        Api.withKey(second.getString("accessToken")).get("/api/v1/schemas").expect(200);

        refresh(first.getString("refreshToken")).problem(401, "UNAUTHENTICATED");
        Api.withKey(second.getString("accessToken")).get("/api/v1/schemas").problem(401, "UNAUTHENTICATED");
        refresh(second.getString("refreshToken")).problem(401, "UNAUTHENTICATED");
        assertEquals(1, Sql.adminCount("SELECT count(*) FROM platform.audit_log WHERE chain = 'platform' "
                + "AND operation = 'session.refresh' AND result = 'denied' AND fail_mode LIKE 'refresh token reused%'"));
        assertEquals(0, Sql.adminCount("SELECT count(*) FROM platform.refresh_tokens rt JOIN platform.users u "
                + "USING (username) WHERE u.username = 'alice' AND rt.revoked_at IS NULL"), "the family is revoked");
    }

    @Test
    void sixWrongPasswordsLockTheUserOut() throws Exception {
        createUser("bob", STRONG, false, "reader").expect(201);
        try {
            for (int i = 1; i <= 5; i++) {
                login("bob", "Wrong-Password-" + i, null).problem(401, "UNAUTHENTICATED");
                TestStack.current().redisCommand("DEL", "velocity:failures:ip:127.0.0.1");
            }
            login("bob", "Wrong-Password-6", null).problem(423, "LOCKED_OUT");
            login("bob", STRONG, null).problem(423, "LOCKED_OUT");
            assertTrue(Sql.adminCount("SELECT count(*) FROM platform.audit_log WHERE operation = 'session.login' "
                    + "AND resource = 'user/bob' AND result = 'denied' AND fail_mode LIKE '%LOCKOUT_STARTED%'") == 1);
        } finally {
            TestStack.current().redisCommand("DEL", "velocity:lockout:subject:user:bob", "velocity:failures:subject:user:bob");
        }
    }

    @Test
    void anAdminNeedsTotpAndACodeWorksOnce() throws Exception {
        JsonObject carol = createUser("carol", STRONG, false, "platform-admin").expect(201).json();
        String secret = carol.getJsonObject("totp").getString("secret");
        assertTrue(carol.getJsonObject("totp").getString("otpauthUri").startsWith("otpauth://totp/"));
        assertEquals(0, Sql.adminCount("SELECT count(*) FROM platform.users WHERE username = 'carol' "
                + "AND position(convert_to(?, 'UTF8') in totp_secret) > 0", secret), "the secret is sealed");

        login("carol", STRONG, null).problem(401, "UNAUTHENTICATED");
        String code = Totp.now(secret);
        JsonObject tokens = login("carol", STRONG, code).expect(200).json();
        Api.withKey(tokens.getString("accessToken")).get("/api/v1/api-keys").expect(200);
        login("carol", STRONG, code).problem(401, "UNAUTHENTICATED");
        assertEquals(1, Sql.adminCount("SELECT count(*) FROM platform.audit_log WHERE operation = 'session.login' "
                + "AND resource = 'user/carol' AND fail_mode = 'TOTP code replayed'"));
        assertEquals(1, Sql.adminCount("SELECT count(*) FROM platform.audit_log WHERE operation = 'session.login' "
                + "AND resource = 'user/carol' AND fail_mode = 'TOTP code missing'"));
    }

    @Test
    void forgedRevokedAndEndedTokensAreRefused() throws Exception {
        createUser("dave", STRONG, false, "reader").expect(201);
        JsonObject tokens = login("dave", STRONG, null).expect(200).json();
        String token = tokens.getString("accessToken");
        String[] parts = token.split("\\.");

        String none = b64("{\"alg\":\"none\",\"typ\":\"at+jwt\"}") + "." + parts[1] + ".";
        Api.withKey(none).get("/api/v1/schemas").problem(401, "UNAUTHENTICATED");
        JsonObject claims = Json.createReader(new java.io.StringReader(new String(Base64.getUrlDecoder()
                .decode(parts[1]), StandardCharsets.UTF_8))).readObject();
        String escalated = parts[0] + "." + b64(Json.createObjectBuilder(claims).add("sub", "bootstrap-admin").build()
                .toString()) + "." + parts[2];
        Api.withKey(escalated).get("/api/v1/schemas").problem(401, "UNAUTHENTICATED");
        String unknownKid = b64("{\"alg\":\"ES256\",\"typ\":\"at+jwt\",\"kid\":\"no-such-key\"}") + "." + parts[1]
                + "." + parts[2];
        Api.withKey(unknownKid).get("/api/v1/schemas").problem(401, "UNAUTHENTICATED");

        JsonObject jwks = Api.anonymous().get("/.well-known/jwks.json").expect(200).json();
        assertFalse(jwks.getJsonArray("keys").isEmpty());
        jwks.getJsonArray("keys").forEach(k -> {
            assertEquals("EC", k.asJsonObject().getString("kty"));
            assertFalse(k.asJsonObject().containsKey("d"), "no private part is published");
        });

        Api dave = Api.withKey(token);
        dave.get("/api/v1/schemas").expect(200);
        String revokedJti = "velocity:revoked:jwt:" + claims.getString("jti");
        TestStack.current().redisCommand("SET", revokedJti, "1");
        dave.get("/api/v1/schemas").problem(401, "UNAUTHENTICATED");
        TestStack.current().redisCommand("DEL", revokedJti, "velocity:failures:ip:127.0.0.1");
        dave.get("/api/v1/schemas").expect(200);
        dave.post("/api/v1/auth/logout", "application/json", "").expect(204);
        dave.get("/api/v1/schemas").problem(401, "UNAUTHENTICATED");
        refresh(tokens.getString("refreshToken")).problem(401, "UNAUTHENTICATED");
    }

    /**
     * Issue 5, acceptance 3, over HTTP: tokens signed with the server's own key but expired, for
     * another issuer or another audience, and an HS256 token keyed with the server's public key, are
     * each refused; the same token done right is accepted (so the test's signing is not the reason).
     */
    @Test
    void everyJwtAttackGets401() throws Exception {
        JsonObject jwks = Json.createReader(new java.io.StringReader(java.nio.file.Files.readString(
                TestStack.current().bootstrapKeyFile().getParent().resolve("jwt-keys.json")))).readObject();
        JsonObject jwk = jwks.getJsonArray("keys").getJsonObject(0);
        java.security.AlgorithmParameters params = java.security.AlgorithmParameters.getInstance("EC");
        params.init(new java.security.spec.ECGenParameterSpec("secp256r1"));
        java.security.spec.ECParameterSpec curve = params.getParameterSpec(java.security.spec.ECParameterSpec.class);
        java.security.KeyFactory ec = java.security.KeyFactory.getInstance("EC");
        java.security.PrivateKey privateKey = ec.generatePrivate(new java.security.spec.ECPrivateKeySpec(
                new java.math.BigInteger(1, Base64.getUrlDecoder().decode(jwk.getString("d"))), curve));
        java.security.PublicKey publicKey = ec.generatePublic(new java.security.spec.ECPublicKeySpec(
                new java.security.spec.ECPoint(new java.math.BigInteger(1, Base64.getUrlDecoder().decode(jwk.getString("x"))),
                        new java.math.BigInteger(1, Base64.getUrlDecoder().decode(jwk.getString("y")))), curve));
        String kid = jwk.getString("kid");
        long now = System.currentTimeMillis() / 1000;

        Api.withKey(es256(privateKey, kid, claims("velocity", "velocity-api", now, now + 300)))
                .get("/api/v1/schemas").expect(200);
        refused(es256(privateKey, kid, claims("velocity", "velocity-api", now - 900, now - 120)));
        refused(es256(privateKey, kid, claims("someone-else", "velocity-api", now, now + 300)));
        refused(es256(privateKey, kid, claims("velocity", "another-api", now, now + 300)));
        String header = b64("{\"alg\":\"HS256\",\"typ\":\"at+jwt\",\"kid\":\"" + kid + "\"}");
        String body = b64(claims("velocity", "velocity-api", now, now + 300).toString());
        Mac hmac = Mac.getInstance("HmacSHA256");
        hmac.init(new SecretKeySpec(publicKey.getEncoded(), "HmacSHA256"));
        String signature = Base64.getUrlEncoder().withoutPadding().encodeToString(
                hmac.doFinal((header + "." + body).getBytes(StandardCharsets.US_ASCII)));
        refused(header + "." + body + "." + signature);
    }

    private static JsonObject claims(String iss, String aud, long issuedAt, long expires) {
        return Json.createObjectBuilder().add("iss", iss).add("aud", aud).add("sub", "user:jwt-forger")
                .add("iat", issuedAt).add("nbf", issuedAt).add("exp", expires)
                .add("jti", java.util.UUID.randomUUID().toString()).add("fam", java.util.UUID.randomUUID().toString())
                .build();
    }

    private static String es256(java.security.PrivateKey key, String kid, JsonObject claims) throws Exception {
        String signingInput = b64("{\"alg\":\"ES256\",\"typ\":\"at+jwt\",\"kid\":\"" + kid + "\"}") + "."
                + b64(claims.toString());
        java.security.Signature ecdsa = java.security.Signature.getInstance("SHA256withECDSAinP1363Format");
        ecdsa.initSign(key);
        ecdsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
        return signingInput + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(ecdsa.sign());
    }

    /** 401, and the address's failure count cleared, so a series of attacks does not lock the tests out. */
    private static void refused(String token) throws Exception {
        Api.withKey(token).get("/api/v1/schemas").problem(401, "UNAUTHENTICATED");
        TestStack.current().redisCommand("DEL", "velocity:failures:ip:127.0.0.1");
    }

    private static Api.Response createUser(String username, String password, boolean mfa, String role) {
        return Api.admin().postJson("/api/v1/users", Json.createObjectBuilder().add("username", username)
                .add("password", password).add("mfa", mfa).add("roles", Json.createArrayBuilder().add(role)).build());
    }

    private static Api.Response login(String username, String password, String totp) {
        var body = Json.createObjectBuilder().add("username", username).add("password", password);
        if (totp != null) {
            body.add("totp", totp);
        }
        return Api.anonymous().postJson("/api/v1/auth/login", body.build());
    }

    private static Api.Response refresh(String refreshToken) {
        return Api.anonymous().postJson("/api/v1/auth/refresh",
                Json.createObjectBuilder().add("refreshToken", refreshToken).build());
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
