package sh.velocity.audit.infrastructure.drain;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import sh.velocity.audit.domain.StoredEvent;
import sh.velocity.audit.domain.drain.DeliveryFailure;
import sh.velocity.audit.domain.drain.DrainSettings;
import sh.velocity.audit.domain.drain.SiemDrain;
import sh.velocity.audit.domain.drain.SyslogMessage;

/**
 * Writes each batch as RFC 5424 messages in octet-counted frames to a TCP stream (RFC 6587), over
 * TLS when configured (RFC 5425). Syslog has no acknowledgement: a batch counts as delivered once it
 * has been written and flushed to a connection whose peer had not closed it. One connection serves
 * a pass and is closed at its end; before each further batch it is probed, and a peer that hung up
 * gets a new connection rather than a write into the void. A write that takes longer than the
 * timeout closes the connection (a receiver that stopped reading cannot hold the pass).
 */
final class SyslogDrain implements SiemDrain {

    private static final Logger LOG = Logger.getLogger(SyslogDrain.class.getName());

    private final DrainSettings settings;
    private final String host;
    private final int port;
    private final SSLContext tls;
    private final SyslogMessage messages;
    private volatile Socket socket;

    SyslogDrain(DrainSettings settings, String host, int port, SSLContext tls, SyslogMessage messages) {
        this.settings = settings;
        this.host = host;
        this.port = port;
        this.tls = tls;
        this.messages = messages;
    }

    /**
     * From {@code velocity.audit.drain.syslog.host}, {@code .port} (6514 with TLS, else 514),
     * {@code .tls}, {@code .ca-file}, {@code .hostname} and {@code .sd-id}.
     */
    static SyslogDrain configure(DrainProperties p) {
        String host = p.required("host");
        boolean useTls = p.flag("tls", false);
        int port = p.integer("port", useTls ? 6514 : 514);
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(p.key("port") + " must be 1 to 65535");
        }
        SSLContext tls = null;
        if (useTls) {
            tls = p.string("ca-file").isPresent()
                    ? TlsTrust.trusting(p.file("ca-file"), p.key("ca-file")) : TlsTrust.defaultContext();
        } else if (p.string("ca-file").isPresent()) {
            throw new IllegalArgumentException(p.key("ca-file") + " is set but " + p.key("tls") + " is not true");
        }
        SyslogMessage messages;
        try {
            messages = new SyslogMessage(p.string("hostname").orElseGet(SyslogDrain::localHostName),
                    Long.toString(ProcessHandle.current().pid()), p.string("sd-id").orElse(SyslogMessage.DEFAULT_SD_ID));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(p.key("sd-id") + ": " + e.getMessage());
        }
        SyslogDrain drain = new SyslogDrain(p.settings(), host, port, tls, messages);
        if (tls == null && !Loopback.is(host)) {
            LOG.warning("SIEM drain " + p.name() + " sends audit events unencrypted to " + drain.destination()
                    + ": set " + p.key("tls") + "=true");
        }
        return drain;
    }

    @Override
    public DrainSettings settings() {
        return settings;
    }

    @Override
    public String destination() {
        return (tls == null ? "tcp://" : "tls://") + host + ":" + port;
    }

    @Override
    public void deliver(List<StoredEvent> batch) throws DeliveryFailure {
        byte[] frames = messages.frames(batch);
        Socket s = connection();
        CompletableFuture<Void> watchdog = CompletableFuture.runAsync(() -> closeQuietly(s),
                CompletableFuture.delayedExecutor(settings.timeout().toMillis(), TimeUnit.MILLISECONDS));
        try {
            OutputStream out = s.getOutputStream();
            out.write(frames);
            out.flush();
        } catch (IOException e) {
            closeQuietly(s);
            socket = null;
            throw DeliveryFailure.of(s.isClosed() && watchdog.isDone() ? "write timed out" : describe(e));
        } finally {
            watchdog.cancel(false);
        }
    }

    @Override
    public void endPass() {
        Socket s = socket;
        socket = null;
        closeQuietly(s);
    }

    @Override
    public void abort() {
        endPass();
    }

    /** The pass's connection if its peer still holds it open, else a new one. */
    private Socket connection() throws DeliveryFailure {
        Socket s = socket;
        if (s != null && !s.isClosed() && peerStillOpen(s)) {
            return s;
        }
        closeQuietly(s);
        socket = null;
        int timeout = (int) settings.timeout().toMillis();
        Socket raw = new Socket();
        try {
            raw.connect(new InetSocketAddress(host, port), timeout);
            raw.setSoTimeout(timeout);
            raw.setTcpNoDelay(true);
            raw.setKeepAlive(true);
            if (tls == null) {
                socket = raw;
                return raw;
            }
            SSLSocket secure = (SSLSocket) tls.getSocketFactory().createSocket(raw, host, port, true);
            secure.setSSLParameters(TlsTrust.parameters(tls));
            secure.startHandshake();
            socket = secure;
            return secure;
        } catch (IOException e) {
            closeQuietly(raw);
            throw DeliveryFailure.of(describe(e));
        }
    }

    /**
     * A receiver never writes to us, so a read that times out at once means the connection is
     * open, and end of stream (or an error) means the peer closed it.
     */
    private boolean peerStillOpen(Socket s) {
        try {
            int timeout = s.getSoTimeout();
            s.setSoTimeout(1);
            try {
                return s.getInputStream().read() >= 0;
            } catch (SocketTimeoutException stillOpen) {
                return true;
            } finally {
                s.setSoTimeout(timeout);
            }
        } catch (IOException e) {
            return false;
        }
    }

    private static void closeQuietly(Socket s) {
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing is all that was wanted
            }
        }
    }

    private static String describe(IOException e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
    }

    private static String localHostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "-";
        }
    }
}
