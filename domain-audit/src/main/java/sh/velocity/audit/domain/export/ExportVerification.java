package sh.velocity.audit.domain.export;

/**
 * What an offline check of an export found, in the terms of the server's own verification:
 * {@code tampered} counts the problems, the first is named by its event ({@code firstBadEvent}) and,
 * when a line of the file itself is at fault, by its line ({@code firstBadLine}), with the expected
 * and the actual value where there are two. {@code checkpoints} counts the signed checkpoints whose
 * signature and root held; {@code keysPinned} says whether they were checked against keys the user
 * supplied or against the keys the export lists.
 */
public record ExportVerification(String chain, boolean valid, long events, long checkpoints, long tampered,
                                 Long firstBadEvent, Long firstBadLine, String reason, String expected,
                                 String actual, boolean keysPinned) {
}
