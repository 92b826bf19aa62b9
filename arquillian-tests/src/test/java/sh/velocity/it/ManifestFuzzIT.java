package sh.velocity.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import sh.velocity.it.support.Api;
import sh.velocity.it.support.Deployments;
import sh.velocity.it.support.Manifests;

/**
 * Over a thousand generated malformed manifests, sent as YAML and as JSON: each gets a 4xx
 * problem document with a code, none a 5xx, and the server stays healthy. Fixed seed, so a
 * failure replays.
 */
@ExtendWith(ArquillianExtension.class)
class ManifestFuzzIT {

    private static final long SEED = 20261122L;

    @Deployment(testable = false)
    static EnterpriseArchive app() {
        return Deployments.velocity();
    }

    @Test
    void malformedManifestsGetProblemsNeverServerErrors() {
        Random random = new Random(SEED);
        String base = Manifests.exampleNamed("fuzz-target");
        List<Function<Random, String>> generators = List.of(
                r -> randomText(r, 1 + r.nextInt(400)),
                r -> randomYaml(r, 0),
                r -> deleteLine(base, r),
                r -> duplicateLine(base, r),
                r -> swapCharacters(base, r, 1 + r.nextInt(8)),
                r -> wrongType(base, r),
                r -> base.replace("name: fuzz-target", "name: " + "x".repeat(100 + r.nextInt(300_000))),
                r -> base.replace("Invalid amount or currency", "m".repeat(5_000 + r.nextInt(2_000_000))),
                r -> billionLaughs(3 + r.nextInt(8)),
                r -> "a:\n" + "  ".repeat(0) + nested(r, 30 + r.nextInt(2000)),
                r -> "[".repeat(50 + r.nextInt(5000)) + "]".repeat(r.nextInt(10)),
                r -> base.replace("metadata:", "metadata: !!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[!!java.net.URL [\"http://127.0.0.1:1/\"]]]]\nx:"),
                r -> base + "\n---\n" + base,
                r -> base.replace("type: decimal", "type: " + List.of("money", "float", "", "[]", "{}", "1").get(r.nextInt(6))),
                r -> base.replace("maxLength: 32", "maxLength: " + List.of("-1", "0", "1e309", "99999999999999999999", "\"32\"", "[32]").get(r.nextInt(6))),
                r -> "{\"apiVersion\":\"velocity.sh/v1\",\"kind\":\"SchemaDefinition\",\"metadata\":" + randomJson(r, 0) + ",\"spec\":" + randomJson(r, 0) + "}",
                r -> new String(bytes(r, 1 + r.nextInt(2000)), java.nio.charset.StandardCharsets.ISO_8859_1));

        Api admin = Api.admin();
        int malformed = 0;
        int accepted = 0;
        List<String> serverErrors = new ArrayList<>();
        for (int i = 0; i < 1100; i++) {
            String manifest = generators.get(i % generators.size()).apply(random);
            String contentType = i % 3 == 0 ? "application/json" : "application/yaml";
            Api.Response r = admin.post("/api/v1/schemas", contentType, manifest);
            if (r.status() >= 500) {
                serverErrors.add(i + ": " + r.status() + " " + r.body());
            } else if (r.status() >= 400) {
                assertTrue(String.valueOf(r.header("Content-Type")).startsWith("application/problem+json"),
                        i + ": " + r.body());
                assertTrue(r.json().containsKey("code"), i + ": " + r.body());
                malformed++;
            } else {
                accepted++;
            }
        }
        System.out.printf("manifest fuzz: %d refused with a problem (4xx), %d accepted as valid, %d server errors%n",
                malformed, accepted, serverErrors.size());
        assertEquals(List.of(), serverErrors);
        assertTrue(malformed >= 1000, "at least 1,000 malformed manifests refused, got " + malformed);
        admin.get("/api/v1/schemas").expect(200);
    }

    private static String randomText(Random r, int n) {
        StringBuilder sb = new StringBuilder();
        String alphabet = "abc:-[]{}&*!|>'\"\n #%@`,?0123456789 \t";
        for (int i = 0; i < n; i++) {
            sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    private static String randomYaml(Random r, int depth) {
        int kind = depth > 4 ? 2 : r.nextInt(3);
        String pad = "  ".repeat(depth);
        if (kind == 0) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < 1 + r.nextInt(4); i++) {
                sb.append(pad).append(List.of("apiVersion", "kind", "metadata", "spec", "fields", "zz").get(r.nextInt(6)))
                        .append(":\n").append(randomYaml(r, depth + 1));
            }
            return sb.toString();
        }
        if (kind == 1) {
            return pad + "- " + randomYaml(r, depth + 1).trim() + "\n";
        }
        return pad + List.of("1", "true", "null", "~", "'x'", "\"y\"", "3.5", "velocity.sh/v1").get(r.nextInt(8)) + "\n";
    }

    private static String randomJson(Random r, int depth) {
        return switch (depth > 3 ? 3 : r.nextInt(4)) {
            case 0 -> "{\"" + List.of("name", "namespace", "fields", "domain", "x").get(r.nextInt(5)) + "\":"
                    + randomJson(r, depth + 1) + "}";
            case 1 -> "[" + randomJson(r, depth + 1) + "," + randomJson(r, depth + 1) + "]";
            case 2 -> "\"" + randomText(r, r.nextInt(20)).replace("\"", "").replace("\\", "").replace("\n", " ") + "\"";
            default -> List.of("1", "-1", "true", "null", "1e400", "0.5").get(r.nextInt(6));
        };
    }

    private static String deleteLine(String s, Random r) {
        List<String> lines = new ArrayList<>(List.of(s.split("\n")));
        lines.remove(r.nextInt(lines.size()));
        return String.join("\n", lines);
    }

    private static String duplicateLine(String s, Random r) {
        List<String> lines = new ArrayList<>(List.of(s.split("\n")));
        int i = r.nextInt(lines.size());
        lines.add(i, lines.get(i));
        return String.join("\n", lines);
    }

    private static String swapCharacters(String s, Random r, int n) {
        char[] c = s.toCharArray();
        for (int k = 0; k < n; k++) {
            String junk = "~:{}[]-!&*\t\"'#%@\u0000\u202e";
            c[r.nextInt(c.length)] = junk.charAt(r.nextInt(junk.length()));
        }
        return new String(c);
    }

    private static String wrongType(String s, Random r) {
        String[] targets = {"name: fuzz-target", "namespace: acme", "version: v1", "required: true", "tier: 3",
                "maxExecutionMs: 10", "visibleChars: 4", "domain: supply-chain"};
        String[] replacements = {": [1, 2]", ": {a: b}", ": null", ": 12", ": true", ": ''"};
        String target = targets[r.nextInt(targets.length)];
        return s.replace(target, target.substring(0, target.indexOf(':')) + replacements[r.nextInt(replacements.length)]);
    }

    private static String billionLaughs(int levels) {
        StringBuilder sb = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        char prev = 'a';
        for (int i = 1; i < levels; i++) {
            char cur = (char) ('a' + i);
            sb.append(cur).append(": &").append(cur).append(" [");
            for (int j = 0; j < 9; j++) {
                sb.append(j == 0 ? "" : ",").append('*').append(prev);
            }
            sb.append("]\n");
            prev = cur;
        }
        return sb.toString();
    }

    private static String nested(Random r, int depth) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < depth; i++) {
            sb.append("  ".repeat(Math.min(i, 400))).append("k").append(i).append(":\n");
        }
        return sb.append("  ".repeat(Math.min(depth, 400))).append("v\n").toString();
    }

    private static byte[] bytes(Random r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }
}
