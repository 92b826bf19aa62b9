package sh.velocity.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.alwaysTrue;
import static com.tngtech.archunit.core.domain.JavaCall.Predicates.target;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.nameMatching;
import static com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static com.tngtech.archunit.library.modules.syntax.ModuleDependencyScope.consideringOnlyDependenciesInAnyPackage;
import static com.tngtech.archunit.library.modules.syntax.ModuleRuleDefinition.modules;

import com.tngtech.archunit.lang.ArchRule;
import java.util.Objects;
import sh.velocity.kernel.VelocityModule;

/**
 * Builds Velocity's architecture rules for one root package.
 *
 * <p>{@link ModuleFencesTest} checks the rules for {@code sh.velocity} against the production
 * classes; {@code FenceRuleSelfTest} builds them with the same code for the fixture root
 * {@code sh.velocity.fencefixture} and shows that they fail on deliberate violations and pass on a
 * clean fixture. Keeping the construction in one place is what makes the self test evidence about
 * the real rules.
 *
 * <p>The shared kernel ({@value #KERNEL}) is not a module: dependencies on it are always allowed.
 */
public final class VelocityRules {

    /** The shared kernel: every module may use it, so the fences ignore dependencies on it. */
    public static final String KERNEL = "sh.velocity.kernel..";

    /** Frameworks and storage APIs the domain model must not know about. */
    private static final String[] STORAGE_AND_WEB_APIS = {
            "jakarta.persistence..", "java.sql..", "javax.sql..", "jakarta.ws.rs.."};

    private final String root;

    private VelocityRules(String root) {
        this.root = root;
    }

    /**
     * @param rootPackage the package whose direct subpackages are the top-level slices, e.g.
     *                    {@code sh.velocity}
     */
    public static VelocityRules forRoot(String rootPackage) {
        Objects.requireNonNull(rootPackage, "rootPackage");
        if (!rootPackage.matches("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*")) {
            throw new IllegalArgumentException("not a plain package name: '" + rootPackage + "'");
        }
        return new VelocityRules(rootPackage);
    }

    /**
     * (a) Modules are the packages annotated with {@link VelocityModule}; each may depend only on
     * the modules it names in {@code allowedDependencies}, and only on classes in the packages the
     * target names in {@code exposedPackages}. A dependency on a class under the root that belongs
     * to no module (other than the kernel) is a violation too.
     */
    public ArchRule moduleFences() {
        return modules()
                .definedByAnnotation(VelocityModule.class)
                .should().respectTheirAllowedDependenciesDeclaredIn(
                        "allowedDependencies", consideringOnlyDependenciesInAnyPackage(root + ".."))
                // Must sit here, before andShould(): a condition keeps the ignores it was built with,
                // and without this every package-info (annotated with the kernel's VelocityModule)
                // is reported as "Dependency not contained in any module". The second condition
                // needs no ignore: it only looks at module-to-module dependencies.
                .ignoreDependency(alwaysTrue(), resideInAPackage(KERNEL))
                .andShould().onlyDependOnEachOtherThroughPackagesDeclaredIn("exposedPackages")
                .because("a module may use only the modules its package-info declares, and only through "
                        + "their api, so that each bounded context can change its internals and its "
                        + "tables without breaking another (DESIGN.md, Shape)");
    }

    /** (b) The top-level packages under the root (kernel, audit, auth, ...) form no cycle. */
    public ArchRule noCyclesBetweenTopLevelPackages() {
        return slices().matching(root + ".(*)..")
                .should().beFreeOfCycles()
                .because("a cycle between modules means neither can be built, tested or reasoned about "
                        + "without the other, and the allowed-dependency graph is meant to be a DAG");
    }

    /**
     * (c) The {@code domain} package of a module is plain model: it does not reach into
     * {@code infrastructure} or {@code interfaces}, nor into persistence, JDBC or JAX-RS.
     */
    public ArchRule domainIsFrameworkFree() {
        String[] forbidden = new String[STORAGE_AND_WEB_APIS.length + 2];
        forbidden[0] = root + "..infrastructure..";
        forbidden[1] = root + "..interfaces..";
        System.arraycopy(STORAGE_AND_WEB_APIS, 0, forbidden, 2, STORAGE_AND_WEB_APIS.length);
        return noClasses().that().resideInAPackage(root + "..domain..")
                .should().dependOnClassesThat().resideInAnyPackage(forbidden)
                .because("the domain model holds the rules and must stay testable without a database, a "
                        + "container or HTTP; storage and endpoints depend on it, never the reverse")
                // modules are still being filled in; the self test proves this rule can fail
                .allowEmptyShould(true);
    }

    /**
     * (d) An {@code api} package is self-contained: it does not expose the module's
     * {@code application}, {@code domain}, {@code infrastructure} or {@code interfaces} types
     * (kernel types and other modules' api are fine).
     */
    public ArchRule apiIsSelfContained() {
        return noClasses().that().resideInAPackage(root + "..api..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        root + "..application..", root + "..domain..",
                        root + "..infrastructure..", root + "..interfaces..")
                .because("the api is the only thing other modules may import; if it leaked an entity or a "
                        + "service class, callers would be coupled to internals through the back door "
                        + "(STYLE.md: refer to another module's data by id value objects, never by its entities)")
                .allowEmptyShould(true);
    }

    /** (e) No class is named {@code *Impl}. */
    public ArchRule noImplSuffix() {
        return noClasses().that().resideInAPackage(root + "..")
                .should().haveSimpleNameEndingWith("Impl")
                .because("names say what a thing is in the domain's words (STYLE.md); 'Impl' says only that "
                        + "it implements something, so name the variant (JdbcAuditStore, RedisRevocationList)");
    }

    /**
     * (f) The web layer reaches the modules only through their {@code api}: resources, filters and
     * health checks call facades, never a module's services, entities, repositories or mechanisms.
     * An empty scan fails: the web layer's classes must be on the classpath for this to mean anything.
     */
    public ArchRule webUsesOnlyModuleApis() {
        return noClasses().that().resideInAPackage(root + ".web..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        root + ".*.application..", root + ".*.domain..",
                        root + ".*.infrastructure..", root + ".*.interfaces..")
                .because("a second path around a module's facade would be a second path around its "
                        + "authorization, masking and audit (STYLE.md: web beans call a facade that returns DTOs)")
                .allowEmptyShould(false);
    }

    /**
     * (g) The CLI runs on a user's machine, without a server or a container: it may use its own
     * packages, the kernel's top package (plain value types; not {@code db} or {@code request}, which
     * need a container), domain-audit's domain packages (the offline export verifier), the JDK,
     * picocli, JSON-P and SnakeYAML (manifests in, {@code -o yaml} out; a plain library like the
     * other two), and nothing else. An empty scan fails: the CLI must be on the classpath.
     */
    public ArchRule cliUsesOnlyCodeThatRunsWithoutAServer() {
        return classes().that().resideInAPackage(root + ".cli..")
                .should().onlyDependOnClassesThat().resideInAnyPackage(root + ".cli..", root + ".kernel",
                        root + ".audit.domain..", "java..", "javax.net.ssl..", "picocli..", "jakarta.json..",
                        "org.yaml.snakeyaml..")
                .because("the velocity CLI ships alone (bin/velocity and lib/): a module's application or "
                        + "infrastructure class would need CDI, JTA or a database it does not have, and would let "
                        + "the client grow a second copy of server logic")
                .allowEmptyShould(false);
    }

    /** (h) Nothing outside the CLI depends on it: the server neither ships nor calls client code. */
    public ArchRule nothingDependsOnTheCli() {
        return noClasses().that().resideOutsideOfPackage(root + ".cli..")
                .should().dependOnClassesThat().resideInAPackage(root + ".cli..")
                .because("the CLI is a client of the REST API; server code that used it would bypass the API's "
                        + "authorization and audit")
                .allowEmptyShould(true);
    }

    /**
     * (i) domain-audit's domain packages, which the CLI runs to verify exports offline, use no
     * container API (CDI, JSON-P, JTA, MicroProfile) and none of the module's other layers.
     */
    public ArchRule auditDomainRunsWithoutAContainer() {
        return noClasses().that().resideInAPackage(root + ".audit.domain..")
                .should().dependOnClassesThat().resideInAnyPackage("jakarta..", "javax.sql..",
                        "org.eclipse.microprofile..", root + ".audit.application..", root + ".audit.infrastructure..")
                .because("velocity audit verify --file runs this code with only the JDK: the verifier an auditor "
                        + "runs must not need the server's runtime")
                .allowEmptyShould(true);
    }

    /**
     * (j) Server code builds JSON through {@code sh.velocity.kernel.json.Jsonp}, never through
     * {@code jakarta.json.Json}, whose every factory call looks the provider up again (a
     * ServiceLoader scan through Liberty's class loaders; 23 % of the CPU of a list request).
     * The CLI, a plain JVM, may use either.
     */
    public ArchRule serverJsonThroughOneProvider() {
        return noClasses().that().resideOutsideOfPackage(root + ".cli..")
                .should().dependOnClassesThat().haveFullyQualifiedName("jakarta.json.Json")
                .because("jakarta.json.Json looks its provider up on every call; server code uses Jsonp, which "
                        + "looks it up once")
                .allowEmptyShould(true);
    }

    /**
     * A JAX-RS resource is one instance for the application: the request's path, query and headers
     * reach it as method parameters, never as fields, which would need a new instance per request.
     */
    public ArchRule resourcesAreApplicationScoped() {
        return classes().that().resideInAPackage(root + ".web..").and().areAnnotatedWith("jakarta.ws.rs.Path")
                .should().beAnnotatedWith("jakarta.enterprise.context.ApplicationScoped")
                .because("constructing a resource through CDI for every request was 6 % of a record read's CPU; "
                        + "request data comes in as method parameters (docs/benchmarks.md, session 21)")
                .allowEmptyShould(false);
    }

    /**
     * The container is never told who the caller is (ADR 0022): {@code RequestFilter} authenticates
     * and {@code RequestContext} holds the principal. Asking the container (the servlet request's or
     * JAX-RS's user principal, roles, an enterprise bean's caller) or declaring roles would find
     * nobody, so none of it may appear.
     */
    public ArchRule containerIdentityIsNotUsed() {
        return noClasses().that().resideInAPackage(root + "..")
                .should().callMethodWhere(target(nameMatching(
                        "getUserPrincipal|getRemoteUser|isUserInRole|getCallerPrincipal|isCallerInRole|login|logout"))
                        .and(target(owner(resideInAnyPackage("jakarta.servlet..", "jakarta.ws.rs..",
                                "jakarta.ejb..")))))
                .orShould().dependOnClassesThat().resideInAnyPackage("jakarta.security.enterprise..",
                        "jakarta.annotation.security..")
                .because("no container login takes place, so the container's caller is always nobody; the caller "
                        + "is RequestContext's principal (ADR 0022)")
                .allowEmptyShould(false);
    }
}
