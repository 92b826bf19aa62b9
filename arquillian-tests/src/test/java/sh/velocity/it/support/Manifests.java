package sh.velocity.it.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Manifests for tests: the CONTRACT.md example, and copies of it under other names. */
public final class Manifests {

    public static final String EXAMPLE_PATH = "acme/supply-chain/procurement/purchase-order/v1";

    private Manifests() {
    }

    public static String example() {
        try (InputStream in = Manifests.class.getResourceAsStream("/manifests/purchase-order.yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The example as record type {@code name} (so a test gets a chain and a table of its own). */
    public static String exampleNamed(String name) {
        return example().replace("name: purchase-order", "name: " + name);
    }

    public static String pathOf(String name) {
        return "acme/supply-chain/procurement/" + name + "/v1";
    }
}
