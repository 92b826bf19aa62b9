package sh.velocity.schema.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static sh.velocity.schema.domain.Manifests.exampleText;
import static sh.velocity.schema.domain.Manifests.exampleWith;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

class ManifestJsonTest {

    private final ManifestParser parser = new ManifestParser();

    @Test
    void canonicalJsonHasSortedKeysDefaultsAndNoWhitespace() {
        String json = parser.parse(exampleText()).toCanonicalJson();

        assertTrue(json.startsWith("{\"apiVersion\":\"velocity.sh/v1\",\"kind\":\"SchemaDefinition\",\"metadata\":"
                + "{\"annotations\":{\"velocity.sh/breaking-change\":\"approved\"},\"name\":\"purchase-order\","
                + "\"namespace\":\"acme\"},\"spec\":{\"domain\":\"supply-chain\",\"fields\":[{\"maxLength\":32,"
                + "\"name\":\"po_number\",\"required\":true,\"sensitivity\":\"none\",\"type\":\"string\"},"), json);
        assertTrue(json.contains("{\"masking\":{\"strategy\":\"partial\",\"visibleChars\":4},\"maxLength\":19,"
                + "\"name\":\"credit_card\",\"required\":false,\"sensitivity\":\"pii\",\"type\":\"string\"}"), json);
        assertTrue(json.endsWith("\"search\":{\"fields\":[\"po_number\",\"notes\"],\"tier\":3},"
                + "\"subdomain\":\"procurement\",\"validation\":{\"rules\":[{\"maxExecutionMs\":10,"
                + "\"message\":\"Invalid amount or currency\",\"rule\":\"self.amount > 0 && self.currency in "
                + "['USD', 'EUR']\"}]},\"version\":\"v1\"}}"), json);
    }

    @Test
    void canonicalJsonIsValidJsonOfTheManifestLayout() {
        String json = parser.parse(exampleText()).toCanonicalJson();
        JsonObject object = Json.createReader(new StringReader(json)).readObject();
        assertEquals("credit_card", object.getJsonObject("spec").getJsonArray("fields")
                .getJsonObject(4).getString("name"));
    }

    @Test
    void sameMeaningGivesTheSameTextWhateverTheAuthorsOrderAndDefaults() {
        String reordered = exampleWith("  name: purchase-order            # record type, [a-z][a-z0-9-]{0,62}\n", "")
                .replace("  namespace: acme ", "  name: purchase-order\n  namespace: acme ")
                .replace("      type: decimal\n", "      type: decimal\n      required: false\n      sensitivity: none\n")
                .replace("        maxExecutionMs: 10        # optional, default 10\n", "");
        assertEquals(parser.parse(exampleText()).toCanonicalJson(), parser.parse(reordered).toCanonicalJson());
    }

    @Test
    void specHashIgnoresAnnotationsButNotTheSpec() {
        SchemaManifest example = parser.parse(exampleText());
        SchemaManifest unapproved = parser.parse(exampleWith(
                "  annotations:\n    velocity.sh/breaking-change: \"approved\"", "  annotations: {}"));
        SchemaManifest wider = parser.parse(exampleWith("maxLength: 1000", "maxLength: 2000"));

        assertTrue(example.specHash().matches("[0-9a-f]{64}"), example.specHash());
        assertEquals(example.specHash(), unapproved.specHash());
        assertNotEquals(example.toCanonicalJson(), unapproved.toCanonicalJson());
        assertNotEquals(example.specHash(), wider.specHash());
    }
}
