package sh.velocity.architecture;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.modules.ArchModules;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import sh.velocity.kernel.VelocityModule;

/**
 * Tests the architecture rules themselves: built by {@link VelocityRules} exactly as
 * {@link ModuleFencesTest} builds them, they must fail on the deliberate violations in
 * {@code sh.velocity.fencefixture.alpha}/{@code beta} (naming the offending class) and pass on
 * {@code sh.velocity.fencefixture.clean}. Without this, a fence rule that silently matched nothing
 * would pass forever.
 */
class FenceRuleSelfTest {

    private static final String FIXTURE_ROOT = "sh.velocity.fencefixture";
    private static final String CLEAN_ROOT = FIXTURE_ROOT + ".clean";

    private static final VelocityRules FIXTURE_RULES = VelocityRules.forRoot(FIXTURE_ROOT);

    private static JavaClasses fixture;
    private static JavaClasses clean;

    @BeforeAll
    static void importFixtures() {
        fixture = new ClassFileImporter().importPackages(FIXTURE_ROOT);
        clean = new ClassFileImporter().importPackages(CLEAN_ROOT);
    }

    @Test
    void fixtureModulesAreRecognisedFromTheirPackageInfo() {
        assertEquals(Set.of("alpha", "beta", "gamma", "delta"), moduleNames(fixture));
    }

    @Test
    void moduleRuleFailsWhenAModuleReachesPastAnotherModulesApi() {
        String message = violationOf(FIXTURE_RULES.moduleFences(), fixture);

        assertAll(
                () -> assertContains(message, "sh.velocity.fencefixture.beta.application.BetaRecorder"),
                () -> assertContains(message, "sh.velocity.fencefixture.alpha.domain.AlphaEntry"));
    }

    @Test
    void moduleRuleFailsWhenAModuleUsesAModuleItDidNotDeclare() {
        String message = violationOf(FIXTURE_RULES.moduleFences(), fixture);

        assertAll(
                () -> assertContains(message, "sh.velocity.fencefixture.alpha.application.AlphaLedgerImpl"),
                () -> assertContains(message, "sh.velocity.fencefixture.beta.api.BetaNotifications"));
    }

    @Test
    void cycleRuleFailsOnTheCycleBetweenAlphaAndBeta() {
        String message = violationOf(FIXTURE_RULES.noCyclesBetweenTopLevelPackages(), fixture);

        assertAll(
                () -> assertContains(message, "Cycle detected"),
                () -> assertContains(message, "sh.velocity.fencefixture.alpha.application.AlphaLedgerImpl"),
                () -> assertContains(message, "sh.velocity.fencefixture.beta.application.BetaRecorder"));
    }

    @Test
    void domainRuleFailsWhenTheDomainUsesJdbc() {
        String message = violationOf(FIXTURE_RULES.domainIsFrameworkFree(), fixture);

        assertAll(
                () -> assertContains(message, "sh.velocity.fencefixture.alpha.domain.AlphaEntry"),
                () -> assertContains(message, "java.sql.Timestamp"));
    }

    @Test
    void apiRuleFailsWhenTheApiExposesADomainEntity() {
        String message = violationOf(FIXTURE_RULES.apiIsSelfContained(), fixture);

        assertContains(message, "sh.velocity.fencefixture.alpha.api.AlphaLedger");
    }

    @Test
    void implRuleFailsOnAClassNamedImpl() {
        String message = violationOf(FIXTURE_RULES.noImplSuffix(), fixture);

        assertContains(message, "sh.velocity.fencefixture.alpha.application.AlphaLedgerImpl");
    }

    @Test
    void jsonRuleFailsWhenServerCodeUsesTheProviderLookingFactory() {
        String message = violationOf(FIXTURE_RULES.serverJsonThroughOneProvider(), fixture);

        assertAll(
                () -> assertContains(message, "sh.velocity.fencefixture.beta.application.BetaRecorder"),
                () -> assertContains(message, "jakarta.json.Json"));
    }

    @Test
    void cliRuleFailsWhenTheCliUsesAModulesApplicationLayer() {
        String message = violationOf(FIXTURE_RULES.cliUsesOnlyCodeThatRunsWithoutAServer(), fixture);

        assertAll(
                () -> assertContains(message, "sh.velocity.fencefixture.cli.ShellCommand"),
                () -> assertContains(message, "sh.velocity.fencefixture.alpha.application.AlphaLedgerImpl"));
    }

    @Test
    void serverCodeThatUsesTheCliFails() {
        String message = violationOf(FIXTURE_RULES.nothingDependsOnTheCli(), fixture);

        assertContains(message, "sh.velocity.fencefixture.audit.domain.AuditStamp");
    }

    @Test
    void auditDomainRuleFailsWhenItUsesAContainerApi() {
        String message = violationOf(FIXTURE_RULES.auditDomainRunsWithoutAContainer(), fixture);

        assertAll(
                () -> assertContains(message, "sh.velocity.fencefixture.audit.domain.AuditStamp"),
                () -> assertContains(message, "jakarta.json.JsonObject"));
    }

    @Test
    void resourceRuleFailsOnAResourceBuiltPerRequest() {
        String message = violationOf(FIXTURE_RULES.resourcesAreApplicationScoped(), fixture);

        assertContains(message, "sh.velocity.fencefixture.web.PerRequestResource");
    }

    @Test
    void containerIdentityRuleFailsWhenCodeAsksTheContainerOrDeclaresARole() {
        String message = violationOf(FIXTURE_RULES.containerIdentityIsNotUsed(), fixture);

        assertAll(
                () -> assertContains(message, "sh.velocity.fencefixture.web.ContainerCaller"),
                () -> assertContains(message, "getUserPrincipal"),
                () -> assertContains(message, "jakarta.annotation.security.RolesAllowed"));
    }

    @Test
    void everyRulePassesOnTheCleanFixture() {
        assertEquals(Set.of("gamma", "delta"), moduleNames(clean), "clean fixture must contain two modules");
        VelocityRules cleanRules = VelocityRules.forRoot(CLEAN_ROOT);

        List<ArchRule> rules = List.of(
                // the very rules that failed above ...
                FIXTURE_RULES.moduleFences(),
                FIXTURE_RULES.noCyclesBetweenTopLevelPackages(),
                FIXTURE_RULES.domainIsFrameworkFree(),
                FIXTURE_RULES.apiIsSelfContained(),
                FIXTURE_RULES.noImplSuffix(),
                FIXTURE_RULES.nothingDependsOnTheCli(),
                FIXTURE_RULES.auditDomainRunsWithoutAContainer(),
                FIXTURE_RULES.serverJsonThroughOneProvider(),
                // ... and, rooted at the clean fixture, with gamma and delta as separate slices
                cleanRules.moduleFences(),
                cleanRules.noCyclesBetweenTopLevelPackages(),
                cleanRules.cliUsesOnlyCodeThatRunsWithoutAServer(),
                cleanRules.nothingDependsOnTheCli(),
                cleanRules.resourcesAreApplicationScoped(),
                cleanRules.containerIdentityIsNotUsed());

        assertAll(rules.stream().map(rule -> (Executable) () ->
                assertDoesNotThrow(() -> rule.check(clean), rule.getDescription())));
    }

    @Test
    void mainScanSeesTheFiveDomainModulesAndNoTestClasses() throws ReflectiveOperationException {
        AnalyzeClasses config = ModuleFencesTest.class.getAnnotation(AnalyzeClasses.class);
        assertNotNull(config, "ModuleFencesTest must be annotated with @AnalyzeClasses");
        ClassFileImporter importer = new ClassFileImporter();
        for (Class<? extends ImportOption> option : config.importOptions()) {
            importer = importer.withImportOption(option.getDeclaredConstructor().newInstance());
        }
        JavaClasses scanned = importer.importPackages(config.packages());

        assertAll(
                () -> assertEquals(Set.of("audit", "auth", "schema", "records", "compliance"), moduleNames(scanned)),
                () -> assertTrue(scanned.stream().noneMatch(FenceRuleSelfTest::isTestClass),
                        "ModuleFencesTest must not scan test classes, found: " + testClassesIn(scanned)),
                // control: the fixtures are on the classpath, so it is the import option that keeps them out
                () -> assertTrue(new ClassFileImporter().importPackages(config.packages()).stream()
                        .anyMatch(FenceRuleSelfTest::isTestClass), "fixtures should be visible without the option"));
    }

    private static String violationOf(ArchRule rule, JavaClasses classes) {
        AssertionError error = assertThrows(AssertionError.class, () -> rule.check(classes),
                () -> "expected a violation of: " + rule.getDescription());
        return error.getMessage();
    }

    private static void assertContains(String message, String expected) {
        assertTrue(message.contains(expected), () -> "expected '" + expected + "' in:\n" + message);
    }

    private static Set<String> moduleNames(JavaClasses classes) {
        return ArchModules.defineByAnnotation(VelocityModule.class).modularize(classes).getNames();
    }

    private static boolean isTestClass(JavaClass javaClass) {
        return javaClass.getPackageName().startsWith(FIXTURE_ROOT)
                || javaClass.getPackageName().equals(FenceRuleSelfTest.class.getPackageName());
    }

    private static List<String> testClassesIn(JavaClasses classes) {
        return classes.stream().filter(FenceRuleSelfTest::isTestClass).map(JavaClass::getName).limit(10).toList();
    }
}
