package sh.velocity.kernel.problem;

/** One offending input location ({@code spec.fields[2].maxLength}, {@code amount}) and why. */
public record FieldError(String field, String message) {
}
