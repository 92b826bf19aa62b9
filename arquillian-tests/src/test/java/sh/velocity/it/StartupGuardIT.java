package sh.velocity.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import sh.velocity.it.stack.TestStack;
import sh.velocity.it.support.Api;
import sh.velocity.it.support.Deployments;
import sh.velocity.it.support.Sql;

/**
 * With velocity_api altered to BYPASSRLS (or SUPERUSER), the server logs the FATAL line, refuses
 * every API call and reports readiness DOWN. The deployment is started by hand, after the role is
 * broken, because the guard decides at start-up.
 */
@ExtendWith(ArquillianExtension.class)
class StartupGuardIT {

    private static final String FATAL_BYPASSRLS = "FATAL velocity_api role has BYPASSRLS=true — RLS will not work.";

    @ArquillianResource
    Deployer deployer;

    @Deployment(name = "guarded", managed = false, testable = false)
    static EnterpriseArchive app() {
        return Deployments.velocity();
    }

    @Test
    void bypassRlsRoleMakesTheServerLogFatalRefuseApiCallsAndReportNotReady() throws Exception {
        long before = logLength();
        Sql.admin("ALTER ROLE velocity_api BYPASSRLS");
        try {
            deployer.deploy("guarded");
            try {
                String log = logSince(before);
                assertTrue(log.contains(FATAL_BYPASSRLS), "FATAL line missing from messages.log");

                Api.admin().get("/api/v1/schemas").problem(503, "SERVER_MISCONFIGURED");
                Api.anonymous().get("/api/v1/records/acme/supply-chain/procurement/purchase-order/v1")
                        .problem(503, "SERVER_MISCONFIGURED");

                HttpResponse<String> ready = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(TestStack.current().baseUrl() + "/health/ready")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(503, ready.statusCode());
                assertTrue(ready.body().contains("\"DOWN\""), ready.body());
            } finally {
                deployer.undeploy("guarded");
            }
        } finally {
            Sql.admin("ALTER ROLE velocity_api NOBYPASSRLS");
        }
    }

    private static Path messagesLog() {
        return TestStack.current().serverLogDir().resolve("messages.log");
    }

    private static long logLength() throws IOException {
        return Files.exists(messagesLog()) ? Files.size(messagesLog()) : 0;
    }

    private static String logSince(long offset) throws IOException {
        byte[] all = Files.readAllBytes(messagesLog());
        int from = (int) Math.min(offset, all.length);
        return new String(all, from, all.length - from, StandardCharsets.UTF_8);
    }
}
