package sh.velocity.cli.io;

import java.io.PrintStream;

/**
 * A one-line progress indicator on stderr for the operations that take a while (an export, a long
 * listing, a directory of manifests, a key rotation), redrawn at most ten times a second. It exists
 * only on a terminal: when standard output is piped or redirected nothing is drawn at all, so a
 * script's stderr stays as clean as its stdout. {@link #close()} erases the line.
 */
public final class Progress implements AutoCloseable {

    private static final long REDRAW_NANOS = 100_000_000L;
    private static final int BAR = 24;

    private final PrintStream err;
    private final String label;
    private final boolean enabled;
    private long lastDraw;
    private boolean drawn;

    private Progress(PrintStream err, String label, boolean enabled) {
        this.err = err;
        this.label = label;
        this.enabled = enabled;
    }

    /** A progress line for {@code label}, drawn only when the console is a terminal. */
    public static Progress start(Console console, String label) {
        Progress p = new Progress(console.err(), label, console.isTerminal());
        p.draw("…");
        return p;
    }

    /** No progress line: for output that goes to the terminal itself (an export to stdout). */
    public static Progress off(Console console) {
        return new Progress(console.err(), "", false);
    }

    /** {@code done} of {@code total} units; {@code total <= 0} when the total is not known. */
    public void update(long done, long total, String unit) {
        if (!enabled) {
            return;
        }
        long now = System.nanoTime();
        if (drawn && now - lastDraw < REDRAW_NANOS && (total <= 0 || done < total)) {
            return;
        }
        lastDraw = now;
        if (total > 0) {
            int filled = (int) Math.min(BAR, done * BAR / total);
            draw("[" + "#".repeat(filled) + " ".repeat(BAR - filled) + "] " + done + "/" + total + " " + unit);
        } else {
            draw(done + " " + unit);
        }
    }

    /** Whether anything is drawn: a terminal is attached. */
    public boolean enabled() {
        return enabled;
    }

    private void draw(String state) {
        if (!enabled) {
            return;
        }
        err.print("\r\u001b[2K" + label + " " + state);
        err.flush();
        drawn = true;
    }

    @Override
    public void close() {
        if (enabled && drawn) {
            err.print("\r\u001b[2K");
            err.flush();
        }
    }
}
