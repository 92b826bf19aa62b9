package sh.velocity.cli.io;

/** The exit codes of CONTRACT.md section 4, the only ones the CLI returns. */
public final class ExitCode {

    public static final int OK = 0;
    /** The command ran and the check it performs failed (an invalid chain). */
    public static final int CHECK_FAILED = 1;
    /** The command line, a local file or the local configuration is wrong. */
    public static final int USAGE = 2;
    /** The server could not be reached, refused the credential, or answered with a problem. */
    public static final int SERVER = 3;

    private ExitCode() {
    }
}
