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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
 * in order as one administrator's visit, then a user without permissions, then the approval chain
 * of a protected namespace with three users (author, reviewer, admin) and a compliance waiver.
 * Every page visited is screenshotted into {@code target/screenshots/} and passes the
 * accessibility smoke check.
 */
@ExtendWith(ArquillianExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AdminConsoleIT {

    private static final String PASSWORD = "Console-Horse-7-Battery";
    private static final String SCHEMA = "console-orders";
    private static final String PATH = Manifests.pathOf(SCHEMA);
    private static final String[] CARDS = {"4111111111111111", "5500005555555559", "340000000000009"};
    /** Protected by the test server (velocity.approvals.protected-namespaces, TestStack). */
    private static final String PROTECTED = "console-approvals";
    private static Browser browser;
    private static String adminTotpSecret;
    private static String applierTotpSecret;

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
    void theDashboardChartsTheLastHoursWritesAndLagWithTheNumbersAsText() {
        browser.click("#nav-dashboard");
        visited("dashboard-chart");
        var svg = browser.find("#activity-chart");
        assertEquals("img", svg.getAttribute("role"));
        String label = svg.getAttribute("aria-label");
        Matcher writes = Pattern.compile("(\\d+) record writes").matcher(label);
        assertTrue(writes.find(), label);
        assertTrue(Long.parseLong(writes.group(1)) >= CARDS.length, "the records written above are counted: " + label);
        assertTrue(label.contains("UTC"), label);
        assertEquals(label, browser.find("#activity-chart title").getAttribute("textContent"));
        assertEquals(label, browser.text("#activity-summary"));
        assertFalse(browser.findAll("#activity-chart rect.volume").isEmpty(), "a bar for the minute of the writes");
        assertEquals(60, browser.findAll("#activity-table tbody tr").size(), "every minute as text");
        assertTrue(browser.text("#activity").contains("this server's samples since it started"));
    }

    @Test
    @Order(5)
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
    @Order(6)
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
    @Order(7)
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
    @Order(8)
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
    @Order(9)
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
        for (String admin : List.of("#nav-keys", "#nav-bindings", "#nav-audit", "#nav-compliance", "#checklist", "#chains",
                "#lags")) {
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

        browser.open(url("/console/approvals.xhtml"));
        visited("nobody-approvals");
        assertTrue(browser.present("#no-changes"));
        browser.open(url("/console/compliance.xhtml"));
        visited("nobody-compliance");
        assertTrue(browser.present("#not-permitted"));
        assertFalse(browser.present("#checklist-table"));
        assertFalse(browser.present("#grant"));
    }

    @Test
    @Order(10)
    void aProtectedChangeIsSubmittedByItsAuthorApprovedByAReviewerAndAppliedByAnAdmin() throws Exception {
        String authorSecret = createUser("console-author", true, "schema-admin", "reviewer").getJsonObject("totp")
                .getString("secret");
        createUser("console-reviewer", false, "reviewer");
        applierTotpSecret = createUser("console-applier", true, "platform-admin").getJsonObject("totp").getString("secret");
        String manifest = Manifests.exampleNamed("console-ledger").replace("namespace: acme", "namespace: " + PROTECTED);
        String path = PROTECTED + "/supply-chain/procurement/console-ledger/v1";

        // The author: apply is refused (the namespace is protected), so the page offers to submit.
        signOut();
        signIn("console-author", authorSecret);
        browser.open(url("/console/apply.xhtml"));
        setManifest(manifest);
        browser.click("#apply\\:preview");
        assertTrue(browser.present("#approval-required"));
        assertTrue(browser.text("#refusals").contains("APPROVAL_REQUIRED"), browser.text("#refusals"));
        setManifest(manifest);
        browser.click("#apply\\:submit");
        assertFalse(browser.present("#applied"));
        assertTrue(browser.present("#apply\\:submit-for-approval"));
        setManifest(manifest);
        browser.click("#apply\\:submit-for-approval");
        visited("apply-submitted");
        String id = browser.text("#submitted-link");
        browser.click("#submitted-link");
        visited("change-author");
        assertEquals("pending", browser.text("#change-status"));
        assertEquals(manifest.strip(), browser.text("#change-manifest").strip());
        for (String step : List.of("#step\\:approve", "#step\\:reject", "#step\\:apply")) {
            assertFalse(browser.present(step), "the author is not offered " + step);
        }
        assertTrue(browser.text("#no-step").contains("You submitted"), browser.text("#no-step"));

        // A forged approve from the author's own page (its session and view state): the server refuses it.
        String session = browser.driver().manage().getCookieNamed("JSESSIONID").getValue();
        String viewState = browser.find("#step input[name='jakarta.faces.ViewState']").getAttribute("value");
        HttpResponse<String> forged = postPage("/console/schema-change.xhtml", session, "step=step&step_SUBMIT=1&id=" + enc(id)
                + "&step%3Acomment=mine&step%3Aapprove=Approve&jakarta.faces.ViewState=" + enc(viewState));
        assertEquals(200, forged.statusCode());
        assertTrue(forged.body().contains("You submitted schema change " + id), "the service's refusal is shown");
        assertEquals(1, Sql.adminCount("SELECT count(*) FROM platform.schema_changes WHERE id::text = ? "
                + "AND status = 'pending'", id), "still pending");
        assertEquals(1, Sql.adminCount("SELECT count(*) FROM platform.audit_log WHERE operation = 'schema-change.approve' "
                + "AND actor = 'user:console-author' AND result = 'denied' AND fail_mode LIKE 'SEPARATION_OF_DUTIES%'"),
                "the refusal is audited");

        // The reviewer finds it in the queue and approves it; it may not apply it.
        signOut();
        signIn("console-reviewer", null);
        browser.click("#nav-approvals");
        visited("approvals");
        browser.click("a.status-link[href*='status=pending']");
        visited("approvals-pending");
        browser.click("tr.change-row[data-id='" + id + "'] a.change-link");
        visited("change-reviewer");
        assertFalse(browser.present("#step\\:apply"));
        browser.type("#step\\:comment", "fields and rules as agreed");
        browser.click("#step\\:approve");
        assertEquals("approved", browser.text("#change-status"));
        assertEquals("user:console-reviewer", browser.text("#reviewed-by"));
        assertEquals("fields and rules as agreed", browser.text("#review-reason"));
        assertFalse(browser.present("#step\\:apply"), "the reviewer is not offered apply");

        // A third principal applies it.
        signOut();
        signIn("console-applier", applierTotpSecret);
        browser.open(url("/console/schema-change.xhtml?id=" + id));
        assertFalse(browser.present("#step\\:approve"));
        browser.click("#step\\:apply");
        visited("change-applied");
        assertEquals("applied", browser.text("#change-status"));
        assertEquals("user:console-applier", browser.text("#applied-by"));
        assertEquals(1, Api.admin().get("/api/v1/schemas/" + path).expect(200).json().getInt("generation"));
    }

    @Test
    @Order(11)
    void aWaiverGrantedInTheConsoleLetsARefusedApplyPassAndIsRevokedThere() {
        String packs = "console-packs";
        String path = packs + "/payments/cards/card/v1";
        Api.admin().post("/api/v1/schemas", "application/yaml", "apiVersion: velocity.sh/v1\nkind: CompliancePack\n"
                + "metadata:\n  name: pci-dss\n  namespace: " + packs + "\nspec:\n  builtin: pci-dss\n").expect(201);
        String card = "apiVersion: velocity.sh/v1\nkind: SchemaDefinition\nmetadata:\n  name: card\n  namespace: " + packs
                + "\nspec:\n  domain: payments\n  subdomain: cards\n  version: v1\n  fields:\n"
                + "    - name: holder\n      type: string\n      maxLength: 100\n"
                + "    - name: card_number\n      type: string\n      maxLength: 19\n      sensitivity: pci\n";

        browser.open(url("/console/apply.xhtml"));
        setManifest(card);
        browser.click("#apply\\:submit");
        assertFalse(browser.present("#applied"), "the unmasked card number fails PCI-3.4.1");
        assertEquals(0, Sql.adminCount("SELECT count(*) FROM platform.schema_definitions WHERE schema_path = ?", path));

        browser.click("#nav-compliance");
        visited("compliance");
        assertTrue(browser.findAll("tr.check-row").size() >= 10, "the checklist in full");
        assertTrue(browser.present("section.pack[data-pack='" + packs + "/pci-dss']"));
        new Select(browser.find("#grant\\:pack")).selectByValue("pci-dss");
        browser.type("#grant\\:control", "PCI-3.4.1");
        browser.type("#grant\\:schema", packs + "/payments");
        browser.type("#grant\\:justification", "Legacy import from the acquirer; masking lands with ticket PAY-77.");
        browser.type("#grant\\:ttl", "7d");
        browser.click("#grant\\:submit");
        visited("compliance-waiver-granted");
        String waiver = "tr.waiver-row[data-control='PCI-3.4.1'][data-schema='" + packs + "/payments']";
        assertEquals(1, browser.findAll(waiver).size(), browser.text("#messages"));

        browser.open(url("/console/apply.xhtml"));
        setManifest(card);
        browser.click("#apply\\:submit");
        assertTrue(browser.present("#applied"), browser.text("#messages"));
        assertEquals(1, Sql.adminCount("SELECT count(*) FROM platform.schema_definitions WHERE schema_path = ?", path));

        browser.click("#nav-compliance");
        assertEquals("waived", browser.text("tr.result-row[data-schema='" + path + "'][data-control='PCI-3.4.1'] "
                + "td.result-status"));
        browser.click(waiver + " input.revoke");
        visited("compliance-waiver-revoked");
        assertEquals(0, browser.findAll(waiver).size());
        assertEquals("fail", browser.text("tr.result-row[data-schema='" + path + "'][data-control='PCI-3.4.1'] "
                + "td.result-status"));
        assertEquals(1, Sql.adminCount("SELECT count(*) FROM platform.audit_log WHERE actor = 'user:console-applier' "
                + "AND operation = 'compliance.waiver.create' AND result = 'success'"));
        assertEquals(1, Sql.adminCount("SELECT count(*) FROM platform.audit_log WHERE actor = 'user:console-applier' "
                + "AND operation = 'compliance.waiver.revoke' AND result = 'success'"));
    }

    private static void signOut() {
        browser.open(url("/console/dashboard.xhtml"));
        if (browser.present("#signout\\:submit")) {
            browser.click("#signout\\:submit");
        }
    }

    private static void signIn(String username, String totpSecret) {
        browser.open(url("/console/login.xhtml"));
        browser.type("#signin\\:username", username);
        browser.type("#signin\\:password", PASSWORD);
        if (totpSecret != null) {
            browser.type("#signin\\:totp", Totp.now(totpSecret));
        }
        browser.click("#signin\\:submit");
        assertEquals("user:" + username, browser.text("#principal"));
    }

    /** A console form post as a script with the session would send it; the response. */
    private static HttpResponse<String> postPage(String page, String session, String form) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(TestStack.current().baseUrl() + page))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Cookie", "JSESSIONID=" + session)
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
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
