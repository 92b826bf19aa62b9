package sh.velocity.web.http;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;
import java.util.regex.Pattern;
import sh.velocity.kernel.json.Jsonp;
import sh.velocity.kernel.problem.ErrorCode;
import sh.velocity.kernel.request.RequestContext;
import sh.velocity.records.api.Idempotency;
import sh.velocity.records.api.Idempotency.Claim;
import sh.velocity.web.problem.Problems;

/**
 * {@code Idempotency-Key} on record writes (POST, PATCH, DELETE under {@code /records}). The
 * request's fingerprint is SHA-256 over method, path and body. A repeat with the same
 * fingerprint within the key's lifetime gets the first response again (with
 * {@code Idempotent-Replayed: true}); another payload gets 422 {@code IDEMPOTENCY_KEY_REUSED}; a
 * repeat while the first still runs gets 409 {@code IDEMPOTENCY_IN_PROGRESS}. A failed request
 * gives its key back. On other routes the header is refused rather than silently ignored.
 */
@Provider
@Priority(Priorities.USER)
public class IdempotencyFilter implements ContainerRequestFilter, ContainerResponseFilter {

    private static final String HEADER = "Idempotency-Key";
    private static final String CLAIMED = "sh.velocity.idempotency.claimed";
    private static final Pattern KEY = Pattern.compile("[\\x21-\\x7e]{1,255}");
    private static final Set<String> WRITES = Set.of("POST", "PATCH", "DELETE");

    @Inject
    Idempotency idempotency;

    @Inject
    RequestContext context;

    @Override
    public void filter(ContainerRequestContext request) throws IOException {
        String key = request.getHeaderString(HEADER);
        if (key == null) {
            return;
        }
        String path = request.getUriInfo().getPath();
        path = path.startsWith("/") ? path.substring(1) : path;
        if (!WRITES.contains(request.getMethod()) || !path.startsWith("records/")) {
            request.abortWith(problem(ErrorCode.INVALID_REQUEST,
                    "Idempotency-Key is supported on record writes (POST, PATCH, DELETE under /records)."));
            return;
        }
        if (!KEY.matcher(key).matches()) {
            request.abortWith(problem(ErrorCode.INVALID_REQUEST,
                    "Idempotency-Key must be 1 to 255 visible ASCII characters."));
            return;
        }
        byte[] body = request.hasEntity() ? request.getEntityStream().readAllBytes() : new byte[0];
        request.setEntityStream(new ByteArrayInputStream(body));
        Claim claim = idempotency.claim(key, fingerprint(request.getMethod(), path, body));
        switch (claim.outcome()) {
            case PROCEED -> request.setProperty(CLAIMED, key);
            case REPLAY -> request.abortWith(replay(request, claim));
            case IN_PROGRESS -> request.abortWith(problem(ErrorCode.IDEMPOTENCY_IN_PROGRESS,
                    "A request with this Idempotency-Key is still running; retry when it has finished."));
            case MISMATCH -> request.abortWith(problem(ErrorCode.IDEMPOTENCY_KEY_REUSED,
                    "This Idempotency-Key was used for a different request; use a new key for a new request."));
        }
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        Object key = request.getProperty(CLAIMED);
        if (key != null && response.getStatus() >= 400) {
            idempotency.release(key.toString());
        }
    }

    private static Response replay(ContainerRequestContext request, Claim claim) {
        Response.ResponseBuilder b = Response.status(claim.status()).header("Idempotent-Replayed", "true");
        if (claim.body() != null) {
            JsonObject body;
            try (JsonReader reader = Jsonp.createReader(new StringReader(claim.body()))) {
                body = reader.readObject();
            }
            b.entity(body).type("application/json");
            if (body.containsKey("version")) {
                b.tag(new EntityTag(String.valueOf(body.getJsonNumber("version").longValue())));
            }
            if (claim.status() == 201 && body.containsKey("id")) {
                b.location(request.getUriInfo().getAbsolutePathBuilder().path(body.getString("id")).build());
            }
        }
        return b.build();
    }

    private Response problem(ErrorCode code, String detail) {
        return Response.status(code.status()).type(Problems.MEDIA_TYPE)
                .entity(Problems.of(code, detail, null, context.requestId())).build();
    }

    private static String fingerprint(String method, String path, byte[] body) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((method + "\n" + path + "\n").getBytes(StandardCharsets.UTF_8));
            sha.update(body);
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
