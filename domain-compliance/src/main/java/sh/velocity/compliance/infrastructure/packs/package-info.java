/**
 * Storage of compliance packs and waivers ({@code platform.compliance_packs},
 * {@code platform.compliance_waivers}, context {@code compliance}), in plain JDBC on the server's
 * connection without a principal: these are platform tables that row-level security does not guard.
 */
package sh.velocity.compliance.infrastructure.packs;
