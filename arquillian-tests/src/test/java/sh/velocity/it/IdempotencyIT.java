package sh.velocity.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import sh.velocity.it.stack.TestStack;
import sh.velocity.it.support.Api;
import sh.velocity.it.support.Deployments;
import sh.velocity.it.support.Manifests;
import sh.velocity.it.support.Sql;

/** Idempotency-Key on record writes: one effect per key, whatever the client's retries do. */
@ExtendWith(ArquillianExtension.class)
class IdempotencyIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Deployment(testable = false)
    static EnterpriseArchive app() {
        return Deployments.velocity();
    }

    @Test
    void sameKeySameBodyReplaysAndAnotherBodyIsRefused() throws Exception {
        String records = schema("idem-basic");
        String body = "{\"po_number\":\"I-1\",\"amount\":5,\"currency\":\"USD\"}";
        HttpResponse<String> first = send("POST", records, body, "key-1");
        HttpResponse<String> second = send("POST", records, body, "key-1");
        assertEquals(201, first.statusCode(), first.body());
        assertEquals(201, second.statusCode());
        assertEquals(first.body(), second.body(), "identical responses");
        assertEquals(first.headers().firstValue("Location"), second.headers().firstValue("Location"));
        assertEquals("true", second.headers().firstValue("Idempotent-Replayed").orElse(null));
        assertEquals(1, count("idem_basic"));

        HttpResponse<String> other = send("POST", records, body.replace("I-1", "I-2"), "key-1");
        assertEquals(422, other.statusCode());
        assertTrue(other.body().contains("IDEMPOTENCY_KEY_REUSED"));
        assertEquals(1, count("idem_basic"));

        HttpResponse<String> elsewhere = send("POST", "/api/v1/api-keys", "{\"name\":\"k\"}", "key-2");
        assertEquals(400, elsewhere.statusCode(), "refused on routes without idempotency, never ignored");
    }

    @Test
    void concurrentRequestsWithOneKeyNeverCreateTwoRecords() throws Exception {
        String records = schema("idem-race");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (int round = 0; round < 10; round++) {
                String key = "race-" + round;
                String body = "{\"po_number\":\"R-" + round + "\",\"amount\":1,\"currency\":\"EUR\"}";
                CountDownLatch go = new CountDownLatch(1);
                List<Future<HttpResponse<String>>> results = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    results.add(pool.submit(() -> {
                        go.await();
                        return send("POST", records, body, key);
                    }));
                }
                go.countDown();
                int created = 0;
                for (Future<HttpResponse<String>> f : results) {
                    int status = f.get().statusCode();
                    assertTrue(status == 201 || status == 409, "201, replayed 201, or 409: " + status);
                    if (status == 201) {
                        created++;
                    }
                }
                assertTrue(created >= 1);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(10, count("idem_race"), "one record per key");
    }

    @Test
    void patchAndDeleteReplayAndAFailedRequestGivesItsKeyBack() throws Exception {
        String records = schema("idem-writes");
        HttpResponse<String> bad = send("POST", records, "{\"po_number\":\"W-1\",\"amount\":-1,\"currency\":\"USD\"}", "w-1");
        assertEquals(400, bad.statusCode());
        HttpResponse<String> fixed = send("POST", records, "{\"po_number\":\"W-1\",\"amount\":1,\"currency\":\"USD\"}", "w-1");
        assertEquals(201, fixed.statusCode(), "the failed request released its key: " + fixed.body());
        String id = Api.admin().get(records).json().getJsonArray("items").getJsonObject(0).getString("id");

        HttpResponse<String> p1 = send("PATCH", records + "/" + id, "{\"notes\":\"once\"}", "w-2");
        HttpResponse<String> p2 = send("PATCH", records + "/" + id, "{\"notes\":\"once\"}", "w-2");
        assertEquals(200, p2.statusCode());
        assertEquals(p1.body(), p2.body());
        assertEquals(2, Api.admin().get(records + "/" + id).json().getInt("version"), "applied once");

        assertEquals(204, send("DELETE", records + "/" + id, "", "w-3").statusCode());
        assertEquals(204, send("DELETE", records + "/" + id, "", "w-3").statusCode(), "replayed, not 404");
        assertEquals(0, count("idem_writes"));
        assertEquals(1, Sql.adminCount("SELECT count(*) FROM acme_supply_chain_procurement.idem_writes_v1_outbox "
                + "WHERE event_type = 'deleted'"));
    }

    @Test
    void keysBelongToTheirPrincipal() throws Exception {
        String records = schema("idem-owner");
        String body = "{\"po_number\":\"O-1\",\"amount\":1,\"currency\":\"USD\"}";
        assertEquals(201, send("POST", records, body, "shared-key").statusCode());
        String otherKey = Api.admin().createKey("idem-other-writer", "writer");
        HttpResponse<String> other = HTTP.send(HttpRequest.newBuilder(URI.create(TestStack.current().baseUrl() + records))
                .header("Authorization", "Bearer " + otherKey).header("Idempotency-Key", "shared-key")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(201, other.statusCode(), other.body());
        assertTrue(other.headers().firstValue("Idempotent-Replayed").isEmpty(), "another principal's key, not a replay");
        assertEquals(2, count("idem_owner"));
    }

    private static String schema(String name) {
        Api.admin().post("/api/v1/schemas", "application/yaml", Manifests.exampleNamed(name)).expect(201);
        return "/api/v1/records/" + Manifests.pathOf(name);
    }

    private static long count(String table) {
        return Sql.adminCount("SELECT count(*) FROM acme_supply_chain_procurement." + table + "_v1");
    }

    private static HttpResponse<String> send(String method, String path, String body, String key) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(TestStack.current().baseUrl() + path))
                .header("Authorization", "Bearer " + Api.admin().key()).header("Idempotency-Key", key)
                .method(method, body.isEmpty() ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (!body.isEmpty()) {
            b.header("Content-Type", "application/json");
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
