package sh.velocity.audit.domain.export;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Splits an export into lines on LF, keeping each line's raw bytes (for the digest) and decoding
 * them as strict UTF-8: a malformed sequence is an error that names its line, never a replacement
 * character that would make a changed byte invisible. A line longer than the limit is refused
 * before it is held whole, so a hostile file cannot exhaust memory.
 */
final class LineReader {

    private final InputStream in;
    private final int maxLineBytes;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(1024);
    private long number;

    LineReader(InputStream in, int maxLineBytes) {
        this.in = in;
        this.maxLineBytes = maxLineBytes;
    }

    /** The next line, or null at the end of the input. */
    Line next() throws IOException {
        buffer.reset();
        int b;
        boolean terminated = false;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                terminated = true;
                break;
            }
            if (buffer.size() >= maxLineBytes) {
                number++;
                throw new LineTooLong(number);
            }
            buffer.write(b);
        }
        if (!terminated && buffer.size() == 0) {
            return null;
        }
        number++;
        byte[] raw = buffer.toByteArray();
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(raw)).toString();
        } catch (CharacterCodingException e) {
            text = null;
        }
        return new Line(number, raw, terminated, text);
    }

    /** The number of lines read so far. */
    long number() {
        return number;
    }

    /**
     * One line: its 1-based number, its bytes without the LF, whether an LF ended it, and its text
     * (null when the bytes are not UTF-8).
     */
    record Line(long number, byte[] raw, boolean terminated, String text) {
    }

    /** A line over the limit; carries its number. */
    static final class LineTooLong extends IOException {

        private static final long serialVersionUID = 1L;

        private final long line;

        LineTooLong(long line) {
            super("line " + line + " is longer than the limit");
            this.line = line;
        }

        long line() {
            return line;
        }
    }
}
