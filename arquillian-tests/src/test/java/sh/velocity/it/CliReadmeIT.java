package sh.velocity.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import sh.velocity.it.stack.TestStack;
import sh.velocity.it.support.Cli;
import sh.velocity.it.support.Deployments;

/**
 * Issue 9, acceptance 4: the README's install-and-first-commands section, the lines between
 * {@code <!-- cli-first-commands:begin} and {@code <!-- cli-first-commands:end -->}, works as
 * written. Each {@code velocity …} line runs through the CLI's main entry against the
 * Arquillian-managed server, from a fresh HOME, and must exit 0. Only what differs between a
 * developer's machine and this test is replaced: the run command's URL ({@value #README_URL}) by this
 * server's, the run command's bootstrap key file by this server's, and relative paths by paths in
 * the clone. The build line must be the one that made {@code velocity-cli/target/velocity} (the
 * reactor built it before this test), and the PATH line must name that launcher, which is run once
 * as a process. Any other line fails the test, so the section cannot grow a line nobody runs.
 */
@ExtendWith(ArquillianExtension.class)
class CliReadmeIT {

    static final String README_URL = "http://127.0.0.1:9080";
    static final String README_KEY_FILE = "target/devstack/bootstrap-admin.key";
    static final String BUILD_LINE = "mvn -B -DskipTests -pl velocity-cli -am package";
    static final String PATH_LINE = "export PATH=\"$PWD/velocity-cli/target/velocity/bin:$PATH\"";

    @Deployment(testable = false)
    static EnterpriseArchive app() {
        return Deployments.velocity();
    }

    @Test
    void theReadmesFirstCommandsWorkAsWritten() throws Exception {
        Path clone = Path.of("").toAbsolutePath().getParent();
        List<String> lines = section(Files.readString(clone.resolve("README.md"), StandardCharsets.UTF_8));
        assertTrue(lines.contains(BUILD_LINE), "the section starts by building the CLI: " + lines);
        assertTrue(lines.contains(PATH_LINE), "and puts it on the PATH: " + lines);

        String key = Files.readString(TestStack.current().bootstrapKeyFile()).trim();
        Map<String, String> env = new HashMap<>();
        env.put("HOME", Files.createTempDirectory("readme-home").toString());
        int commands = 0;
        for (String line : lines) {
            if (line.isBlank() || line.startsWith("#") || line.equals(BUILD_LINE)) {
                continue;
            }
            if (line.equals(PATH_LINE)) {
                launcherRuns(clone.resolve("velocity-cli/target/velocity/bin/velocity"));
                continue;
            }
            List<String> words = words(line);
            assertEquals("velocity", words.get(0), "a line this test cannot run: " + line);
            List<String> args = new ArrayList<>();
            for (String w : words.subList(1, words.size())) {
                args.add(localised(w, clone));
            }
            Cli r = Cli.run(env, args.toArray(String[]::new));
            assertEquals(0, r.exit(), line + "\n" + r);
            assertFalse((r.out() + r.err()).contains(key), "no key printed: " + line);
            if (words.get(1).equals("audit") && words.get(2).equals("verify")) {
                assertTrue(r.firstLine().startsWith("✓ Audit chain valid ("), r.out());
            }
            commands++;
        }
        assertTrue(commands >= 4, "login and at least three first commands: " + lines);
    }

    /** The lines of the fenced block between the markers. */
    static List<String> section(String readme) {
        int begin = readme.indexOf("<!-- cli-first-commands:begin");
        int end = readme.indexOf("<!-- cli-first-commands:end -->");
        assertTrue(begin >= 0 && end > begin, "README.md has the cli-first-commands markers");
        List<String> lines = new ArrayList<>();
        boolean inFence = false;
        for (String l : readme.substring(begin, end).split("\n")) {
            if (l.startsWith("```")) {
                inFence = !inFence;
            } else if (inFence) {
                lines.add(l.strip());
            }
        }
        return lines;
    }

    /** A README argument on this machine: the server's URL and key file, paths inside the clone. */
    private static String localised(String word, Path clone) {
        if (word.equals(README_URL)) {
            return TestStack.current().baseUrl();
        }
        if (word.equals(README_KEY_FILE)) {
            return TestStack.current().bootstrapKeyFile().toString();
        }
        if (!word.startsWith("-") && !word.startsWith("{") && word.contains("/") && Files.exists(clone.resolve(word))) {
            return clone.resolve(word).toString();
        }
        return word;
    }

    /** The line split as a POSIX shell would: single and double quotes, backslash escapes, no expansion. */
    static List<String> words(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder w = null;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote == '\'') {
                if (c == '\'') {
                    quote = 0;
                } else {
                    w.append(c);
                }
            } else if (quote == '"') {
                if (c == '"') {
                    quote = 0;
                } else if (c == '\\' && i + 1 < line.length() && "\"\\$`".indexOf(line.charAt(i + 1)) >= 0) {
                    w.append(line.charAt(++i));
                } else {
                    assertFalse(c == '$' || c == '`', "no expansion in a README command line: " + line);
                    w.append(c);
                }
            } else if (c == ' ' || c == '\t') {
                if (w != null) {
                    words.add(w.toString());
                    w = null;
                }
            } else if (c == '#' && w == null) {
                break;
            } else {
                assertFalse("$`|;&<>*?".indexOf(c) >= 0, "no shell syntax in a README command line: " + line);
                if (w == null) {
                    w = new StringBuilder();
                }
                if (c == '\'' || c == '"') {
                    quote = c;
                } else if (c == '\\' && i + 1 < line.length()) {
                    w.append(line.charAt(++i));
                } else {
                    w.append(c);
                }
            }
        }
        assertEquals(0, quote, "unbalanced quotes: " + line);
        if (w != null) {
            words.add(w.toString());
        }
        return words;
    }

    /** The launcher the PATH line names starts the CLI (as a process, with this JVM's Java). */
    private static void launcherRuns(Path launcher) throws IOException, InterruptedException {
        assertTrue(Files.isExecutable(launcher), launcher + " exists and is executable after the build line");
        ProcessBuilder pb = new ProcessBuilder(launcher.toString(), "version", "-o", "json").redirectErrorStream(true);
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "bin/velocity version finished");
        String text = new String(out, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), text);
        assertTrue(text.contains("\"version\""), text);
    }
}
