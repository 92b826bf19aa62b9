package sh.velocity.architecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The module fences of DESIGN.md, checked against the production classes of every module on this
 * module's classpath. A call across a fence fails the build here.
 *
 * <p>Test classes are not imported ({@link ImportOption.DoNotIncludeTests}); that keeps the
 * deliberate violations in {@code sh.velocity.fencefixture} out of this scan, which
 * {@code FenceRuleSelfTest} verifies.
 */
@AnalyzeClasses(packages = "sh.velocity", importOptions = ImportOption.DoNotIncludeTests.class)
class ModuleFencesTest {

    static final String ROOT = "sh.velocity";

    private static final VelocityRules VELOCITY = VelocityRules.forRoot(ROOT);

    @ArchTest
    static final ArchRule modules_use_only_declared_modules_and_only_through_their_api = VELOCITY.moduleFences();

    @ArchTest
    static final ArchRule top_level_packages_are_free_of_cycles = VELOCITY.noCyclesBetweenTopLevelPackages();

    @ArchTest
    static final ArchRule domain_does_not_depend_on_infrastructure_interfaces_or_frameworks =
            VELOCITY.domainIsFrameworkFree();

    @ArchTest
    static final ArchRule api_does_not_expose_module_internals = VELOCITY.apiIsSelfContained();

    @ArchTest
    static final ArchRule no_class_is_named_impl = VELOCITY.noImplSuffix();

    @ArchTest
    static final ArchRule web_layer_uses_only_module_apis = VELOCITY.webUsesOnlyModuleApis();

    @ArchTest
    static final ArchRule cli_uses_only_code_that_runs_without_a_server =
            VELOCITY.cliUsesOnlyCodeThatRunsWithoutAServer();

    @ArchTest
    static final ArchRule nothing_depends_on_the_cli = VELOCITY.nothingDependsOnTheCli();

    @ArchTest
    static final ArchRule audit_domain_runs_without_a_container = VELOCITY.auditDomainRunsWithoutAContainer();

    @ArchTest
    static final ArchRule server_json_goes_through_one_provider = VELOCITY.serverJsonThroughOneProvider();

    @ArchTest
    static final ArchRule resources_are_application_scoped = VELOCITY.resourcesAreApplicationScoped();

    @ArchTest
    static final ArchRule container_identity_is_not_used = VELOCITY.containerIdentityIsNotUsed();
}
