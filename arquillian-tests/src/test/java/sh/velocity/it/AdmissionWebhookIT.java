package sh.velocity.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.io.StringReader;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.yaml.snakeyaml.Yaml;
import sh.velocity.it.support.Api;
import sh.velocity.it.support.Deployments;
import sh.velocity.it.support.Manifests;

/** The validating webhook answers AdmissionReview v1 with the same verdicts as apply. */
@ExtendWith(ArquillianExtension.class)
class AdmissionWebhookIT {

    @Deployment(testable = false)
    static EnterpriseArchive app() {
        return Deployments.velocity();
    }

    @Test
    void theExampleIsAllowedEvenWithTheMetadataKubernetesAdds() {
        JsonObject object = asKubernetesObject(Manifests.example());
        JsonObject response = review("CREATE", object, null);
        assertTrue(response.getBoolean("allowed"), response.toString());
        assertEquals("uid-1", response.getString("uid"));
    }

    @Test
    void aRuleThatDoesNotParseIsDeniedWithTheCelSyntaxError() {
        JsonObject object = asKubernetesObject(Manifests.example()
                .replace("self.amount > 0 && self.currency in ['USD', 'EUR']", "true while true"));
        JsonObject response = review("CREATE", object, null);
        assertFalse(response.getBoolean("allowed"));
        assertTrue(response.getJsonObject("status").getString("message").startsWith("CEL syntax error:"),
                response.toString());
    }

    @Test
    void aStringWithoutMaxLengthAndAnUnapprovedDropAreDenied() {
        JsonObject noMax = asKubernetesObject(Manifests.example().replace("      maxLength: 1000\n", ""));
        assertTrue(review("CREATE", noMax, null).getJsonObject("status").getString("message").contains("maxLength"));

        JsonObject old = asKubernetesObject(Manifests.example());
        JsonObject dropped = asKubernetesObject(Manifests.example()
                .replace("    - name: notes\n      type: string\n      maxLength: 1000\n", "")
                .replace("fields: [po_number, notes]", "fields: [po_number]"));
        JsonObject response = review("UPDATE", dropped, old);
        assertFalse(response.getBoolean("allowed"));
        assertTrue(response.getJsonObject("status").getString("message").contains("BREAKING_CHANGE_NOT_APPROVED"),
                response.toString());
    }

    @Test
    void garbageIsAProblemNotAnAdmission() {
        Api.anonymous().post("/admission/validate", "application/json", "{\"nope\":")
                .problem(400, "INVALID_REQUEST");
        Api.anonymous().post("/admission/validate", "application/json", "{\"apiVersion\":\"v1\"}")
                .problem(400, "INVALID_REQUEST");
    }

    private static JsonObject review(String operation, JsonObject object, JsonObject old) {
        JsonObjectBuilder request = Json.createObjectBuilder().add("uid", "uid-1")
                .add("kind", Json.createObjectBuilder().add("group", "velocity.sh").add("version", "v1")
                        .add("kind", "SchemaDefinition"))
                .add("operation", operation).add("object", object);
        if (old != null) {
            request.add("oldObject", old);
        }
        JsonObject review = Json.createObjectBuilder().add("apiVersion", "admission.k8s.io/v1")
                .add("kind", "AdmissionReview").add("request", request).build();
        return Api.anonymous().postJson("/admission/validate", review).expect(200).json().getJsonObject("response");
    }

    /** The manifest as the API server would send it: with uid, resourceVersion, managedFields… */
    private static JsonObject asKubernetesObject(String yaml) {
        Object tree = new Yaml().load(yaml);
        JsonObject manifest;
        try (var reader = Json.createReader(new StringReader(toJson(tree)))) {
            manifest = reader.readObject();
        }
        JsonObject metadata = Json.createObjectBuilder(manifest.getJsonObject("metadata"))
                .add("uid", "6f1c2b1e-0000-4000-8000-000000000001").add("resourceVersion", "4711")
                .add("generation", 1).add("creationTimestamp", "2026-11-22T00:00:00Z")
                .add("managedFields", Json.createArrayBuilder().add(Json.createObjectBuilder().add("manager", "kubectl")))
                .add("annotations", Json.createObjectBuilder()
                        .add("kubectl.kubernetes.io/last-applied-configuration", "x".repeat(5000)))
                .build();
        return Json.createObjectBuilder(manifest).add("metadata", metadata).build();
    }

    @SuppressWarnings("unchecked")
    private static String toJson(Object node) {
        if (node instanceof java.util.Map<?, ?> map) {
            JsonObjectBuilder b = Json.createObjectBuilder();
            ((java.util.Map<String, Object>) map).forEach((k, v) -> b.add(k, Json.createReader(
                    new StringReader("[" + toJson(v) + "]")).readArray().get(0)));
            return b.build().toString();
        }
        if (node instanceof java.util.List<?> list) {
            var b = Json.createArrayBuilder();
            list.forEach(v -> b.add(Json.createReader(new StringReader("[" + toJson(v) + "]")).readArray().get(0)));
            return b.build().toString();
        }
        if (node instanceof String s) {
            return Json.createValue(s).toString();
        }
        return String.valueOf(node);
    }
}
