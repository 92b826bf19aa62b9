package sh.velocity.it.stack;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Where the test server's SIEM drains deliver: a webhook on 127.0.0.1 and syslog over TLS on
 * 127.0.0.1, on ports chosen here before Liberty starts (they must be in the server's
 * configuration), below the kernel's ephemeral range ({@link #portBelowEphemeralRange}), with the
 * webhook's shared secret and the syslog receiver's certificate. The
 * certificate is made with the JDK's keytool (self-signed, for IP 127.0.0.1) and handed to the
 * server as its CA file, so the drain checks the receiver's name and chain for real. Nothing listens
 * on these ports until a test starts a receiver; until then the drains retry with backoff.
 */
public final class DrainEndpoints {

    private final int webhookPort;
    private final int syslogPort;
    private final Path secretFile;
    private final Path keystore;
    private final String keystorePassword;
    private final Path caFile;

    private DrainEndpoints(int webhookPort, int syslogPort, Path secretFile, Path keystore, String keystorePassword,
                           Path caFile) {
        this.webhookPort = webhookPort;
        this.syslogPort = syslogPort;
        this.secretFile = secretFile;
        this.keystore = keystore;
        this.keystorePassword = keystorePassword;
        this.caFile = caFile;
    }

    static DrainEndpoints create(Path serverDir) throws IOException, InterruptedException {
        Path dir = serverDir.resolve("siem-test");
        Files.createDirectories(dir);
        Path secret = dir.resolve("webhook.secret");
        Files.writeString(secret, random(32) + "\n", StandardCharsets.UTF_8);
        Path keystore = dir.resolve("syslog-receiver.p12");
        Path ca = dir.resolve("syslog-ca.pem");
        Files.deleteIfExists(keystore);
        Files.deleteIfExists(ca);
        String password = random(12);
        keytool("-genkeypair", "-alias", "receiver", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=127.0.0.1", "-ext", "san=ip:127.0.0.1", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", password);
        keytool("-exportcert", "-rfc", "-alias", "receiver", "-keystore", keystore.toString(),
                "-storepass", password, "-file", ca.toString());
        int webhookPort = portBelowEphemeralRange(-1);
        return new DrainEndpoints(webhookPort, portBelowEphemeralRange(webhookPort), secret, keystore, password, ca);
    }

    /**
     * A loopback port free now, below Linux's ephemeral range (32768 and up). The drains connect to
     * their ports every second from the server's start, long before a test listens there; with a
     * port in the ephemeral range one of those attempts can get that very port as its own source
     * port (a TCP self-connect, which succeeds), and the receiver's bind then fails with "Address
     * already in use" (a fresh CI run failed AuditDrainsIT so). Below the range no outgoing
     * connection is ever given the port.
     */
    static int portBelowEphemeralRange(int except) throws IOException {
        int low = 20_000;
        int span = 32_768 - low;
        int first = new SecureRandom().nextInt(span);
        for (int i = 0; i < span; i++) {
            int port = low + (first + i) % span;
            if (port == except) {
                continue;
            }
            try (ServerSocket probe = new ServerSocket()) {
                probe.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                return port;
            } catch (IOException taken) {
                // in use: the next one
            }
        }
        throw new IOException("no free loopback port between " + low + " and 32767");
    }

    /** The server.xml variables that point the drains here (passes every second, small batches). */
    String serverVariables() {
        return """
                    <variable name="velocity.audit.drain.webhook.url" value="http://127.0.0.1:%d/siem/events"/>
                    <variable name="velocity.audit.drain.webhook.secret-file" value="%s"/>
                    <variable name="velocity.audit.drain.webhook.batch-size" value="20"/>
                    <variable name="velocity.audit.drain.webhook.interval" value="1s"/>
                    <variable name="velocity.audit.drain.webhook.timeout" value="5s"/>
                    <variable name="velocity.audit.drain.syslog.host" value="127.0.0.1"/>
                    <variable name="velocity.audit.drain.syslog.port" value="%d"/>
                    <variable name="velocity.audit.drain.syslog.tls" value="true"/>
                    <variable name="velocity.audit.drain.syslog.ca-file" value="%s"/>
                    <variable name="velocity.audit.drain.syslog.batch-size" value="25"/>
                    <variable name="velocity.audit.drain.syslog.interval" value="1s"/>
                    <variable name="velocity.audit.drain.syslog.timeout" value="5s"/>
                """.formatted(webhookPort, secretFile, syslogPort, caFile);
    }

    public int webhookPort() {
        return webhookPort;
    }

    public int syslogPort() {
        return syslogPort;
    }

    /** The webhook's shared secret as the server reads it (the file without its trailing newline). */
    public byte[] webhookSecret() throws IOException {
        return Files.readString(secretFile, StandardCharsets.UTF_8).strip().getBytes(StandardCharsets.UTF_8);
    }

    public Path syslogKeystore() {
        return keystore;
    }

    public char[] syslogKeystorePassword() {
        return keystorePassword.toCharArray();
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("keytool " + args[0] + " failed: " + output);
        }
    }

    private static String random(int bytes) {
        byte[] b = new byte[bytes];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
