/**
 * Manifests as {@code velocity apply} reads them: files, directories and stdin, several YAML
 * documents per file, each kept with its own text (a SchemaDefinition goes to the server exactly as
 * written) and its place (file and line, for messages), and the kinds the CLI turns into API calls
 * itself (RoleBinding, RetentionPolicy) checked strictly before anything is sent.
 */
package sh.velocity.cli.manifest;
