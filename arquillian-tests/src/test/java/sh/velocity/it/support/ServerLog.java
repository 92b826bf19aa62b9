package sh.velocity.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import sh.velocity.it.stack.TestStack;

/** The test server's {@code messages.log}: mark where it ends, then read what was logged after the mark. */
public final class ServerLog {

    private ServerLog() {
    }

    private static Path messagesLog() {
        return TestStack.current().serverLogDir().resolve("messages.log");
    }

    /** Where the log ends now (0 before it exists): the mark for {@link #since}. */
    public static long length() {
        try {
            Path log = messagesLog();
            return Files.exists(log) ? Files.size(log) : 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * What was logged after {@code mark}; all of the file when it rolled over meanwhile (it is
     * shorter than the mark).
     */
    public static String since(long mark) {
        try {
            byte[] all = Files.readAllBytes(messagesLog());
            int from = mark <= all.length ? (int) mark : 0;
            return new String(all, from, all.length - from, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
