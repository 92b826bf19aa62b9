package sh.velocity.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
import sh.velocity.it.support.ServerLog;
import sh.velocity.it.support.Sql;

/**
 * With velocity_api altered to BYPASSRLS (or SUPERUSER), the server logs the FATAL line, refuses
 * every API call and reports readiness DOWN. The deployment is started by hand, after the role is
 * broken, because the guard decides at start-up.
 */
@ExtendWith(ArquillianExtension.class)
class StartupGuardIT {

    @ArquillianResource
    Deployer deployer;

    @Deployment(name = "guard-bypassrls", managed = false, testable = false)
    static EnterpriseArchive bypassRlsApp() {
        return Deployments.velocity("guard-bypassrls.ear");
    }

    @Deployment(name = "guard-superuser", managed = false, testable = false)
    static EnterpriseArchive superuserApp() {
        return Deployments.velocity("guard-superuser.ear");
    }

    @Test
    void bypassRlsRoleMakesTheServerLogFatalRefuseApiCallsAndReportNotReady() throws Exception {
        guardedStartWith("guard-bypassrls", "BYPASSRLS", "NOBYPASSRLS",
                "FATAL velocity_api role has BYPASSRLS=true \u2014 RLS will not work.");
    }

    @Deployment(name = "guard-noinherit", managed = false, testable = false)
    static EnterpriseArchive noInheritApp() {
        return Deployments.velocity("guard-noinherit.ear");
    }

    @Test
    void noInheritRoleIsRefusedBecauseDomainGrantsWouldNotApply() throws Exception {
        guardedStartWith("guard-noinherit", "NOINHERIT", "INHERIT",
                "FATAL velocity_api role has INHERIT=false \u2014 the per-domain grants will not apply.");
    }

    @Deployment(name = "guard-create", managed = false, testable = false)
    static EnterpriseArchive createApp() {
        return Deployments.velocity("guard-create.ear");
    }

    @Test
    void createPrivilegeOnAnySchemaIsRefusedBecauseDdlMustGoThroughTheGateway() throws Exception {
        guardedStartWith("guard-create", "GRANT CREATE ON SCHEMA public TO velocity_api",
                "REVOKE CREATE ON SCHEMA public FROM velocity_api",
                "FATAL velocity_api role may CREATE in schema(s) public \u2014 schema changes must go through the DDL gateway.");
    }

    @Test
    void superuserRoleIsRefusedTheSameWay() throws Exception {
        guardedStartWith("guard-superuser", "SUPERUSER", "NOSUPERUSER",
                "FATAL velocity_api role has SUPERUSER=true \u2014 RLS will not work.");
    }

    private void guardedStartWith(String deployment, String broken, String repaired, String fatalLine)
            throws Exception {
        long before = ServerLog.length();
        Sql.admin(broken.contains(" ") ? broken : "ALTER ROLE velocity_api " + broken);
        try {
            deployer.deploy(deployment);
            try {
                assertTrue(ServerLog.since(before).contains(fatalLine), "missing from messages.log: " + fatalLine);

                Api.admin().get("/api/v1/schemas").problem(503, "SERVER_MISCONFIGURED");
                Api.anonymous().get("/api/v1/records/acme/supply-chain/procurement/purchase-order/v1")
                        .problem(503, "SERVER_MISCONFIGURED");

                HttpResponse<String> ready = readiness();
                assertEquals(503, ready.statusCode(), ready.body());
                assertTrue(ready.body().contains("\"DOWN\""), ready.body());
            } finally {
                deployer.undeploy(deployment);
            }
        } finally {
            Sql.admin(repaired.contains(" ") ? repaired : "ALTER ROLE velocity_api " + repaired);
        }
    }

    /** Readiness once the application's own checks are registered (they follow deployment closely). */
    private static HttpResponse<String> readiness() throws Exception {
        HttpResponse<String> r = null;
        for (int i = 0; i < 30; i++) {
            r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(TestStack.current().baseUrl() + "/health/ready")).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.body().contains("database-role")) {
                return r;
            }
            Thread.sleep(500);
        }
        return r;
    }
}
