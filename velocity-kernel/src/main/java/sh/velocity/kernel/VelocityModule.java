package sh.velocity.kernel;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a package as the root of a bounded-context module and states its fence: which other
 * modules it may use and which of its packages they may use in return.
 *
 * <p>It exists so that the module boundaries in DESIGN.md are checked, not just agreed on. Each
 * domain module puts this annotation on the {@code package-info.java} of its root package
 * (e.g. {@code sh.velocity.audit}); everything below that package belongs to the module. The
 * architecture tests read it with ArchUnit's
 * {@code modules().definedByAnnotation(VelocityModule.class)}, which takes the module name from
 * {@link #name()}, then check
 * {@code respectTheirAllowedDependenciesDeclaredIn("allowedDependencies", ...)} and
 * {@code onlyDependOnEachOtherThroughPackagesDeclaredIn("exposedPackages")}. A call across a
 * fence therefore fails the build. The attribute names are part of that contract: renaming one
 * breaks the architecture tests.
 *
 * <p>The shared kernel ({@code sh.velocity.kernel}) is deliberately not a module: every module may
 * use it, so it carries no such annotation.
 *
 * <p>Retained at run time because ArchUnit reads the attribute values through reflection.
 */
@Documented
@Target(ElementType.PACKAGE)
@Retention(RetentionPolicy.RUNTIME)
public @interface VelocityModule {

    /**
     * The module's name, e.g. {@code "audit"}. Other modules refer to it by this name in their
     * {@link #allowedDependencies()}; names must be unique.
     */
    String name();

    /**
     * Names of the modules this module may depend on, e.g. {@code {"audit", "auth"}}. A dependency
     * on any module not listed here fails the build. The shared kernel does not need to be listed.
     */
    String[] allowedDependencies() default {};

    /**
     * ArchUnit package identifiers (absolute, as for {@code resideInAnyPackage}) of the packages
     * other modules may use, e.g. {@code "sh.velocity.audit.api.."}. Any dependency from another
     * module on a class outside these packages fails the build. The default exposes every package
     * named {@code api} within the module.
     */
    String[] exposedPackages() default {"..api.."};
}
