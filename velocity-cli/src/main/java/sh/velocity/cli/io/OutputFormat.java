package sh.velocity.cli.io;

/**
 * What a command prints on stdout: {@code table} for people (aligned columns, the default; {@code text}
 * is the same), {@code json} and {@code yaml} for scripts (one document, errors included).
 */
public enum OutputFormat {
    text, table, json, yaml;

    /** Whether the output is one machine-readable document rather than lines for a person. */
    public boolean structured() {
        return this == json || this == yaml;
    }

    /** The format a raw argument list asks for, before picocli has parsed it (for parse errors). */
    public static OutputFormat requested(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String value = null;
            if ((a.equals("-o") || a.equals("--output")) && i + 1 < args.length) {
                value = args[i + 1];
            } else if (a.startsWith("--output=")) {
                value = a.substring("--output=".length());
            } else if (a.startsWith("-o=")) {
                value = a.substring(3);
            } else if (a.startsWith("-o") && a.length() > 2) {
                value = a.substring(2);
            }
            if ("json".equals(value)) {
                return json;
            }
            if ("yaml".equals(value)) {
                return yaml;
            }
        }
        return table;
    }
}
