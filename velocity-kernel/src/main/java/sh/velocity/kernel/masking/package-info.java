/**
 * The one masking component of Velocity.
 *
 * <p>Every path that lets data out of the platform (REST responses, Faces views, log lines, error
 * details, audit payloads, exports) masks sensitive values through {@link
 * sh.velocity.kernel.masking.Masker}, so that a field declared {@code sensitivity: pci} looks the same
 * wherever it surfaces and a new output path cannot invent a weaker rule. Plain Java, no framework
 * dependency, so that any module and any layer may use it.
 */
package sh.velocity.kernel.masking;
