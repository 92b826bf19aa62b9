/**
 * The SchemaDefinition manifest as a domain model (CONTRACT.md §1): the immutable records a
 * manifest is read into, the {@link sh.velocity.schema.domain.ManifestParser} that turns untrusted
 * YAML or JSON text into them without ever letting a parser exception, an alias bomb or a typo
 * through, the {@link sh.velocity.schema.domain.ManifestAdmission} rules every manifest must pass
 * before it may shape a table, the {@link sh.velocity.schema.domain.SchemaDiff} that decides whether
 * a new version is additive or breaking (and whether a breaking one carries its approval), and the
 * canonical JSON form ({@link sh.velocity.schema.domain.ManifestJson}) that is stored and hashed.
 * Everything here is plain Java with no container, so the rules are testable in milliseconds; every
 * rejection is a {@code VelocityException} with code {@code INVALID_MANIFEST} and one
 * {@code FieldError} per problem, located by its manifest path ({@code spec.fields[2].maxLength}).
 */
package sh.velocity.schema.domain;
