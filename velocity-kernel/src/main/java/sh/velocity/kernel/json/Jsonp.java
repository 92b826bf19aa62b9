package sh.velocity.kernel.json;

import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.spi.JsonProvider;
import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.Map;

/**
 * The application's JSON-P factory methods, all on one {@link JsonProvider} looked up once.
 * {@code jakarta.json.Json.createObjectBuilder()} and its siblings look the provider up again on
 * every call ({@code JsonProvider.provider()}: a {@code ServiceLoader} scan through Liberty's
 * class loaders). On {@code GET /records/{path}?limit=100} that lookup — twice per record, once to
 * read the row and once to mask it — was 23 % of the server's CPU samples (docs/benchmarks.md).
 * The provider is stateless and safe to share between threads.
 */
public final class Jsonp {

    private static final JsonProvider PROVIDER = JsonProvider.provider();

    private Jsonp() {
    }

    /** The provider itself, for factories this class does not wrap (builder and generator factories). */
    public static JsonProvider provider() {
        return PROVIDER;
    }

    public static JsonObjectBuilder createObjectBuilder() {
        return PROVIDER.createObjectBuilder();
    }

    public static JsonObjectBuilder createObjectBuilder(JsonObject object) {
        return PROVIDER.createObjectBuilder(object);
    }

    public static JsonObjectBuilder createObjectBuilder(Map<String, ?> map) {
        return PROVIDER.createObjectBuilder(map);
    }

    public static JsonArrayBuilder createArrayBuilder() {
        return PROVIDER.createArrayBuilder();
    }

    public static JsonArrayBuilder createArrayBuilder(JsonArray array) {
        return PROVIDER.createArrayBuilder(array);
    }

    public static JsonArrayBuilder createArrayBuilder(Collection<?> collection) {
        return PROVIDER.createArrayBuilder(collection);
    }

    public static JsonReader createReader(Reader reader) {
        return PROVIDER.createReader(reader);
    }

    public static JsonReader createReader(InputStream in) {
        return PROVIDER.createReader(in);
    }

    public static JsonString createValue(String value) {
        return PROVIDER.createValue(value);
    }

    public static JsonNumber createValue(int value) {
        return PROVIDER.createValue(value);
    }

    public static JsonNumber createValue(long value) {
        return PROVIDER.createValue(value);
    }

    public static JsonNumber createValue(double value) {
        return PROVIDER.createValue(value);
    }

    public static JsonNumber createValue(BigDecimal value) {
        return PROVIDER.createValue(value);
    }

    public static JsonNumber createValue(BigInteger value) {
        return PROVIDER.createValue(value);
    }
}
