package sh.velocity.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.support.ui.Select;
import sh.velocity.it.stack.TestStack;
import sh.velocity.it.support.Api;
import sh.velocity.it.support.Browser;
import sh.velocity.it.support.Deployments;
import sh.velocity.it.support.Manifests;
import sh.velocity.it.support.Sql;
import sh.velocity.it.support.Totp;

/**
 * The admin console (issue 10) in a real browser: Debian's headless Chromium, driven through
 * chromedriver, against the Arquillian-managed Liberty. One browser for the class; the tests run
 * in order as one administrator's visit, then a user without permissions. Every page visited is
 * screenshotted into {@code target/screenshots/} and passes the accessibility smoke check.
 */
@ExtendWith(ArquillianExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AdminConsoleIT {

    private static final String PASSWORD = "Console-Horse-7-Battery";
    private static final String SCHEMA = "console-orders";
    private static final String PATH = Manifests.pathOf(SCHEMA);
    private static final String[] CARDS = {"4111111111111111", "5500005555555559", "340000000000009"};
    private static Browser browser;
    private static String adminTotpSecret;

    @org.junit.jupiter.api.extension.RegisterExtension
    static final org.junit.jupiter.api.extension.TestWatcher DUMP_ON_FAILURE = new org.junit.jupiter.api.extension.TestWatcher() {
        @Override
        public void testFailed(org.junit.jupiter.api.extension.ExtensionContext context, Throwable cause) {
            if (browser != null) {
                browser.dump("failed-" + context.getRequiredTestMethod().getName());
            }
        }
    };

    @Deployment(testable = false)
    static EnterpriseArchive app() {
        return Deployments.velocity("console.ear");
    }

    @BeforeAll
    static void startBrowser() {
        String unavailable = Browser.unavailable();
        if (unavailable != null) {
            System.err.println("WARNING AdminConsoleIT SKIPPED: " + unavailable);
        }
        Assumptions.assumeTrue(unavailable == null, unavailable);
        browser = Browser.start();
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    @Order(1)
    void anAdministratorSignsInWithPasswordAndTotp() {
        JsonObject admin = createUser("console-admin", true, "platform-admin");
        adminTotpSecret = admin.getJsonObject("totp").getString("secret");
        createUser("console-nobody", false);

        browser.open(url("/console/"));
        assertTrue(browser.driver().getCurrentUrl().endsWith("/console/login.xhtml"), browser.driver().getCurrentUrl());
        visited("login");
        Cookie before = browser.driver().manage().getCookieNamed("JSESSIONID");

        browser.type("#signin\\:username", "console-admin");
        browser.type("#signin\\:password", PASSWORD);
        browser.type("#signin\\:totp", "000000".equals(Totp.now(adminTotpSecret)) ? "111111" : "000000");
        browser.click("#signin\\:submit");
        assertTrue(browser.text("#messages").contains("Invalid credentials"), browser.text("#messages"));

        browser.type("#signin\\:username", "console-admin");
        browser.type("#signin\\:password", PASSWORD);
        browser.type("#signin\\:totp", Totp.now(adminTotpSecret));
        browser.click("#signin\\:submit");
        assertTrue(browser.driver().getCurrentUrl().endsWith("/console/dashboard.xhtml"), browser.driver().getCurrentUrl());
        assertEquals("user:console-admin", browser.text("#principal"));
        visited("dashboard");

        Cookie session = browser.driver().manage().getCookieNamed("JSESSIONID");
        assertNotNull(session, "the console session cookie");
        assertTrue(session.isHttpOnly(), "HttpOnly");
        assertTrue(session.isSecure(), "Secure");
        assertEquals("Strict", session.getSameSite());
        if (before != null) {
            assertNotEquals(before.getValue(), session.getValue(), "the session id changes at sign-in");
        }
        assertFalse(browser.driver().getPageSource().contains(PASSWORD));
    }

    @Test
    @Order(2)
    void aCreatedKeyIsShownOnceAndCanBeRevoked() {
        browser.click("#nav-keys");
        visited("api-keys");
        browser.type("#create\\:name", "console-ci");
        browser.type("#create\\:roles", "reader");
        browser.click("#create\\:submit");
        visited("api-key-created");
        String key = browser.text("#issued-key");
        assertTrue(key.length() > 20, key);
        assertFalse(browser.driver().getCurrentUrl().contains(key), "the key is not in the URL");
        Map<String, Object> storage = browser.storage();
        assertEquals(0L, ((Number) storage.get("local")).longValue());
        assertEquals(0L, ((Number) storage.get("session")).longValue());
        assertEquals("", storage.get("cookies"), "no cookie is readable by script");
        Api.withKey(key).get("/api/v1/schemas").expect(200);

        browser.open(url("/console/api-keys.xhtml"));
        assertFalse(browser.source().contains(key), "shown once, never again");
        assertFalse(browser.present("#issued-key"));
        browser.click("tr.key-row[data-name='console-ci'] input.revoke");
        assertFalse(browser.find("tr.key-row[data-name='console-ci'] td.revoked").getText().isBlank(), "revoked");
        Api.withKey(key).get("/api/v1/schemas").problem(401, "UNAUTHENTICATED");
    }

    @Test
    @Order(3)
    void recordsAreBrowsedMaskedAndUnmaskedOnlyWithAnAuditedRead() {
        Api admin = Api.admin();
        admin.post("/api/v1/schemas", "application/yaml", Manifests.exampleNamed(SCHEMA)).expect(201);
        String[][] rows = {{"PO-1", "USD", CARDS[0]}, {"PO-2", "EUR", CARDS[1]}, {"PO-3", "USD", CARDS[2]}};
        for (String[] r : rows) {
            admin.postJson("/api/v1/records/" + PATH, Json.createObjectBuilder().add("po_number", r[0]).add("amount", 10)
                    .add("currency", r[1]).add("credit_card", r[2]).build()).expect(201);
        }
        browser.click("#nav-schemas");
        visited("schemas");
        assertTrue(browser.text("#schemas").contains(PATH));

        browser.open(url("/console/records.xhtml?schema=" + PATH));
        visited("records");
        assertEquals(3, browser.findAll("tr.record-row").size());
        for (var cell : browser.findAll("td.cell-credit_card")) {
            assertTrue(cell.getText().contains("*") && !cell.getText().matches(".*\\d{5,}.*"), cell.getText());
        }
        for (String card : CARDS) {
            assertFalse(browser.source().contains(card), "no card number in the page");
        }

        new Select(browser.find("#records\\:limit")).selectByValue("2");
        browser.click("#records\\:filter");
        assertEquals(2, browser.findAll("tr.record-row").size());
        browser.click("#records\\:next");
        assertEquals(1, browser.findAll("tr.record-row").size());
        browser.click("#records\\:previous");
        assertEquals(2, browser.findAll("tr.record-row").size());
        new Select(browser.find("#records\\:field")).selectByValue("currency");
        browser.type("#records\\:value", "EUR");
        browser.click("#records\\:filter");
        assertEquals(1, browser.findAll("tr.record-row").size());
        assertEquals("PO-2", browser.text("td.cell-po_number"));

        browser.click("input.unmask");
        visited("record-unmasked");
        assertEquals(CARDS[1], browser.text("#unmasked td.unmasked-credit_card"));
        assertEquals(1, Sql.adminCount("SELECT count(*) FROM platform.audit_log WHERE chain = ? "
                + "AND operation = 'record.unmask' AND actor = 'user:console-admin' AND result = 'success'", PATH));
        browser.open(url("/console/records.xhtml?schema=" + PATH));
        assertFalse(browser.source().contains(CARDS[1]), "an unmasked value is shown in its one response only");
    }

    @Test
    @Order(4)
    void aSchemaIsShownAndAManifestAppliedAfterAPreviewThatWarnsOfBreakingChanges() {
        browser.click("#nav-schemas");
        browser.click("a.detail-link[href*='console-orders']");
        visited("schema-detail");
        assertTrue(browser.text("#fields").contains("credit_card"), browser.text("#fields"));
        assertTrue(browser.text("#fields").contains("pii"));
        assertTrue(browser.text("#rules").contains("Invalid amount or currency"));
        assertEquals(1, browser.findAll("#history tbody tr").size());

        browser.click("#nav-schemas");
        browser.click("#apply-link");
        visited("apply");
        String manifest = Manifests.exampleNamed(SCHEMA);
        String withoutNotes = manifest.replaceAll("(?m)^    - name: notes\\n(      .*\\n)+", "")
                .replace("fields: [po_number, notes]", "fields: [po_number]");
        assertNotEquals(manifest, withoutNotes, "the test removes a field");
        setManifest(withoutNotes);
        browser.click("#apply\\:preview");
        visited("apply-breaking");
        assertTrue(browser.present("#breaking-warning"));
        assertTrue(browser.text("#refusals").contains("BREAKING_CHANGE_NOT_APPROVED"), browser.text("#refusals"));
        assertTrue(browser.text("#diff").contains("- field notes"), browser.text("#diff"));

        String added = manifest.replace("    - name: notes\n", "    - name: buyer\n      type: string\n      maxLength: 40\n"
                + "    - name: notes\n");
        setManifest(added);
        browser.click("#apply\\:preview");
        assertFalse(browser.present("#breaking-warning"));
        assertTrue(browser.text("#diff").contains("+ field buyer"), browser.text("#diff"));
        browser.click("#apply\\:submit");
        visited("applied");
        assertTrue(browser.text("#applied").contains(PATH));
        assertEquals(2, Api.admin().get("/api/v1/schemas/" + PATH).expect(200).json().getInt("generation"));
    }

    @Test
    @Order(5)
    void roleBindingsAreGrantedAndWithdrawn() {
        browser.click("#nav-bindings");
        visited("role-bindings");
        browser.type("#grant\\:principal", "user:console-reviewer");
        new Select(browser.find("#grant\\:role")).selectByValue("reader");
        browser.type("#grant\\:prefix", "acme");
        browser.click("#grant\\:submit");
        assertEquals(1, browser.findAll("tr.binding-row[data-principal='user:console-reviewer']").size());
        browser.click("tr.binding-row[data-principal='user:console-reviewer'] input.delete");
        assertEquals(0, browser.findAll("tr.binding-row[data-principal='user:console-reviewer']").size());
    }

    @Test
    @Order(6)
    void verifyShowsATickAndATamperedRowRaisesTheBannerEverywhere() {
        browser.click("#nav-audit");
        new Select(browser.find("#audit\\:chain")).selectByValue(PATH);
        browser.click("#audit\\:verify");
        visited("audit-verified");
        assertTrue(browser.text("#verify-result").startsWith("✓ Audit chain valid"), browser.text("#verify-result"));
        assertFalse(browser.findAll("tr.event-row").isEmpty(), "the chain's events are listed");
        assertFalse(browser.present("#tampering-banner") && browser.text("#tampering-banner").contains(PATH));

        Sql.admin("ALTER TABLE platform.audit_log DISABLE TRIGGER audit_log_no_update",
                "UPDATE platform.audit_log SET payload = jsonb_set(payload, '{version}', '7') "
                        + "WHERE chain = '" + PATH + "' AND seq = 2",
                "ALTER TABLE platform.audit_log ENABLE TRIGGER audit_log_no_update");
        new Select(browser.find("#audit\\:chain")).selectByValue(PATH);
        browser.click("#audit\\:verify");
        assertTrue(browser.text("#verify-result").startsWith("✗ Audit chain invalid"), browser.text("#verify-result"));
        browser.click("#audit\\:verify-all");
        visited("audit-tampered");
        assertTrue(browser.text("#tampering-banner").contains(PATH), browser.text("#tampering-banner"));
        browser.click("#nav-dashboard");
        visited("dashboard-tampered");
        assertTrue(browser.text("#tampering-banner").contains(PATH));
        assertTrue(browser.text("#chains").contains("✗ tampered"));
    }

    @Test
    @Order(7)
    void aFormPostWithoutItsViewStateOrFromAnotherSiteIsRefused() throws Exception {
        browser.open(url("/console/api-keys.xhtml"));
        String session = browser.driver().manage().getCookieNamed("JSESSIONID").getValue();
        String viewState = browser.find("#create input[name='jakarta.faces.ViewState']").getAttribute("value");
        String form = "create=create&create%3Aname=forged-key&create%3Attl=1d&create%3Aroles=platform-admin"
                + "&create%3Asubmit=Create+key";

        assertEquals(403, post(session, form, null), "no view state");
        assertEquals(403, post(session, form + "&jakarta.faces.ViewState=" + enc("-123:456"), null), "a forged view state");
        assertEquals(403, post(session, form + "&jakarta.faces.ViewState=" + enc(viewState), "https://evil.example"),
                "the real view state from another site");
        assertEquals(0, Sql.adminCount("SELECT count(*) FROM platform.api_keys WHERE name = 'forged-key'"));
        assertTrue(Sql.adminCount("SELECT count(*) FROM platform.audit_log WHERE operation = 'console.request' "
                + "AND result = 'denied' AND fail_mode LIKE 'CSRF:%'") >= 2, "refusals are audited");
    }

    @Test
    @Order(8)
    void aUserWithoutPermissionsSeesNoDataAndNoAdminActions() {
        browser.open(url("/console/dashboard.xhtml"));
        browser.click("#signout\\:submit");
        assertTrue(browser.driver().getCurrentUrl().endsWith("/console/login.xhtml"), browser.driver().getCurrentUrl());
        browser.open(url("/console/api-keys.xhtml"));
        assertTrue(browser.driver().getCurrentUrl().endsWith("/console/login.xhtml"), "signed out");

        browser.type("#signin\\:username", "console-nobody");
        browser.type("#signin\\:password", PASSWORD);
        browser.click("#signin\\:submit");
        assertEquals("user:console-nobody", browser.text("#principal"));
        visited("nobody-dashboard");
        for (String admin : List.of("#nav-keys", "#nav-bindings", "#nav-audit", "#checklist", "#chains", "#lags")) {
            assertFalse(browser.present(admin), admin + " is not shown");
        }
        assertFalse(browser.source().contains(PATH), "no schema path leaks onto the dashboard");

        browser.click("#nav-schemas");
        visited("nobody-schemas");
        assertTrue(browser.present("#no-schemas"));

        browser.open(url("/console/records.xhtml?schema=" + PATH));
        visited("nobody-records");
        assertFalse(browser.present("#record-list"));
        assertFalse(browser.present("input.unmask"));
        assertFalse(browser.source().contains("PO-1"));

        browser.open(url("/console/api-keys.xhtml"));
        visited("nobody-api-keys");
        assertFalse(browser.present("#create"));
        assertFalse(browser.present("#key-list"));
        assertFalse(browser.source().contains("console-ci"));

        browser.open(url("/console/audit.xhtml"));
        visited("nobody-audit");
        assertTrue(browser.findAll("tr.event-row").isEmpty());
        assertFalse(browser.present("#audit\\:verify-all"));
    }

    /** Fills the manifest box (typing 1 KB key by key is slow; the value is set as a paste would). */
    private static void setManifest(String text) {
        browser.driver().executeScript("arguments[0].value = arguments[1];", browser.find("#apply\\:manifest"), text);
    }

    /** A form post as another site (or a script without the page) would send it; returns the status. */
    private static int post(String session, String form, String origin) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(TestStack.current().baseUrl() + "/console/api-keys.xhtml"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Cookie", "JSESSIONID=" + session)
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (origin != null) {
            b.header("Origin", origin);
        }
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** Screenshot, then the accessibility smoke check of the page the browser shows. */
    private static void visited(String page) {
        browser.screenshot(page);
        List<String> problems = browser.accessibilityProblems();
        assertTrue(problems.isEmpty(), page + ": " + problems);
        assertFalse(browser.source().matches("(?s).*<script(?![^>]*\\bsrc=)[^>]*>.*"), page + " has an inline script");
    }

    /** The console over HTTPS, as an operator reaches it (its session cookie is Secure). */
    private static String url(String path) {
        return "https://127.0.0.1:" + TestStack.current().httpsPort() + path;
    }

    private static JsonObject createUser(String username, boolean mfa, String... roles) {
        return Api.admin().postJson("/api/v1/users", Json.createObjectBuilder().add("username", username)
                .add("password", PASSWORD).add("mfa", mfa).add("roles", Json.createArrayBuilder(List.of(roles)))
                .build()).expect(201).json();
    }
}
