package sh.velocity.web.admission;

import jakarta.inject.Inject;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import sh.velocity.kernel.json.Jsonp;
import sh.velocity.kernel.problem.ErrorCode;
import sh.velocity.kernel.request.RequestContext;
import sh.velocity.web.http.LimitedBodyRequest;
import sh.velocity.schema.api.ManifestReview;
import sh.velocity.web.problem.Problems;

/**
 * {@code POST /admission/validate}: AdmissionReview v1 in, AdmissionReview v1 out. Supported kind:
 * {@code SchemaDefinition} (CREATE and UPDATE; on UPDATE the old object is the baseline for the
 * breaking-change check). Anything else is denied, never allowed by default: the webhook is
 * registered with {@code failurePolicy: Fail}. It reads no stored state and changes nothing.
 */
@WebServlet(urlPatterns = "/admission/validate")
public class AdmissionWebhookServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final String REVIEW_VERSION = "admission.k8s.io/v1";

    @Inject
    transient ManifestReview review;

    @Inject
    transient RequestContext context;

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse res) throws IOException {
        JsonObject body;
        try (JsonReader reader = Jsonp.createReader(req.getInputStream())) {
            body = reader.readObject();
        } catch (JsonException | IllegalStateException e) {
            if (req.getAttribute(LimitedBodyRequest.OVERFLOW_ATTRIBUTE) != null) {
                problem(res, ErrorCode.PAYLOAD_TOO_LARGE, "The AdmissionReview is larger than the body limit.");
            } else {
                problem(res, ErrorCode.INVALID_REQUEST, "The body is not an AdmissionReview JSON object.");
            }
            return;
        }
        JsonObject request = object(body, "request");
        if (!REVIEW_VERSION.equals(body.getString("apiVersion", null)) || request == null
                || !(request.get("uid") instanceof jakarta.json.JsonString)) {
            problem(res, ErrorCode.INVALID_REQUEST, "Expected an admission.k8s.io/v1 AdmissionReview with request.uid.");
            return;
        }
        String uid = request.getString("uid");
        JsonObject kind = object(request, "kind");
        String kindName = kind == null ? "" : kind.getString("kind", "");
        String operation = request.getString("operation", "");
        List<String> denials;
        if (operation.equals("DELETE") || operation.equals("CONNECT")) {
            denials = List.of();
        } else if (!"SchemaDefinition".equals(kindName)) {
            denials = List.of("kind '" + kindName + "' is not validated by this webhook");
        } else {
            JsonObject object = object(request, "object");
            JsonObject old = operation.equals("UPDATE") ? object(request, "oldObject") : null;
            denials = object == null ? List.of("request.object is missing")
                    : review.review(manifestOf(object), old == null ? null : manifestOf(old));
        }
        JsonObjectBuilder response = Jsonp.createObjectBuilder().add("uid", uid).add("allowed", denials.isEmpty());
        if (!denials.isEmpty()) {
            response.add("status", Jsonp.createObjectBuilder().add("code", 400)
                    .add("reason", "Invalid").add("message", String.join("; ", denials)));
        }
        byte[] out = Jsonp.createObjectBuilder().add("apiVersion", REVIEW_VERSION).add("kind", "AdmissionReview")
                .add("response", response).build().toString().getBytes(StandardCharsets.UTF_8);
        res.setStatus(200);
        res.setContentType("application/json");
        res.setContentLength(out.length);
        res.getOutputStream().write(out);
    }

    /**
     * The manifest inside a Kubernetes object: apiVersion, kind, spec, and of the metadata only
     * name, namespace and Velocity's own annotations. What the API server adds (uid,
     * resourceVersion, managedFields, kubectl's last-applied-configuration, status) is not part of
     * the manifest and would be refused by its strict parser.
     */
    static String manifestOf(JsonObject object) {
        JsonObjectBuilder manifest = Jsonp.createObjectBuilder();
        for (String key : List.of("apiVersion", "kind", "spec")) {
            if (object.containsKey(key)) {
                manifest.add(key, object.get(key));
            }
        }
        JsonObject metadata = object(object, "metadata");
        if (metadata != null) {
            JsonObjectBuilder meta = Jsonp.createObjectBuilder();
            for (String key : List.of("name", "namespace")) {
                if (metadata.containsKey(key)) {
                    meta.add(key, metadata.get(key));
                }
            }
            JsonObject annotations = object(metadata, "annotations");
            if (annotations != null) {
                JsonObjectBuilder kept = Jsonp.createObjectBuilder();
                annotations.forEach((k, v) -> {
                    if (k.startsWith("velocity.sh/")) {
                        kept.add(k, v);
                    }
                });
                JsonObject built = kept.build();
                if (!built.isEmpty()) {
                    meta.add("annotations", built);
                }
            }
            manifest.add("metadata", meta);
        }
        return manifest.build().toString();
    }

    private static JsonObject object(JsonObject parent, String name) {
        JsonValue v = parent.get(name);
        return v instanceof JsonObject o ? o : null;
    }

    private void problem(HttpServletResponse res, ErrorCode code, String detail) throws IOException {
        Problems.write(res, code, detail, context.requestId());
    }
}
