package sh.velocity.audit.infrastructure.drain;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.logging.Logger;
import javax.net.ssl.SSLContext;
import sh.velocity.audit.domain.StoredEvent;
import sh.velocity.audit.domain.drain.Backoff;
import sh.velocity.audit.domain.drain.DeliveryFailure;
import sh.velocity.audit.domain.drain.DrainSettings;
import sh.velocity.audit.domain.drain.EventJson;
import sh.velocity.audit.domain.drain.SiemDrain;
import sh.velocity.audit.domain.drain.WebhookSignature;

/**
 * POSTs each batch as {@code {"events":[…]}} to the configured URL, signed with
 * {@link WebhookSignature}; a batch counts as delivered only on a 2xx answer. Redirects are not
 * followed (the signed events would go to a URL nobody configured). A 413 asks the caller for
 * smaller batches; 408, 429 and 5xx carry the receiver's {@code Retry-After}.
 */
final class WebhookDrain implements SiemDrain {

    private static final Logger LOG = Logger.getLogger(WebhookDrain.class.getName());

    private final DrainSettings settings;
    private final URI url;
    private final WebhookSignature signature;
    private final HttpClient client;
    private final Clock clock;
    private volatile CompletableFuture<?> inFlight;
    private volatile boolean aborted;

    WebhookDrain(DrainSettings settings, URI url, WebhookSignature signature, SSLContext tls, Clock clock) {
        this.settings = settings;
        this.url = url;
        this.signature = signature;
        this.clock = clock;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.timeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .sslContext(tls)
                .sslParameters(TlsTrust.parameters(tls))
                .build();
    }

    /** From {@code velocity.audit.drain.webhook.url}, {@code .secret-file} and optionally {@code .ca-file}. */
    static WebhookDrain configure(DrainProperties p) {
        URI url;
        try {
            url = new URI(p.required("url"));
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(p.key("url") + " is not a URL");
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http") || url.getHost() == null) {
            throw new IllegalArgumentException(p.key("url") + " must be an http or https URL with a host");
        }
        if (url.getRawUserInfo() != null) {
            throw new IllegalArgumentException(p.key("url") + " must not carry credentials: requests are "
                    + "authenticated by their signature");
        }
        WebhookSignature signature;
        try {
            signature = WebhookSignature.ofFileContent(p.file("secret-file"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(p.key("secret-file") + ": " + e.getMessage());
        }
        SSLContext tls = p.string("ca-file").isPresent()
                ? TlsTrust.trusting(p.file("ca-file"), p.key("ca-file")) : TlsTrust.defaultContext();
        WebhookDrain drain = new WebhookDrain(p.settings(), url, signature, tls, Clock.systemUTC());
        if (scheme.equals("http") && !Loopback.is(url.getHost())) {
            LOG.warning("SIEM drain " + p.name() + " sends audit events unencrypted to " + drain.destination()
                    + ": use https");
        }
        return drain;
    }

    @Override
    public DrainSettings settings() {
        return settings;
    }

    @Override
    public String destination() {
        return url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort())
                + (url.getRawPath() == null ? "" : url.getRawPath());
    }

    @Override
    public void deliver(List<StoredEvent> batch) throws DeliveryFailure {
        String body = EventJson.batch(batch);
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(settings.timeout())
                .header("Content-Type", "application/json")
                .header("User-Agent", "velocity-audit-drain")
                .header(WebhookSignature.HEADER, signature.header(clock.instant().getEpochSecond(), body))
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
        HttpResponse<Void> response;
        CompletableFuture<HttpResponse<Void>> sent = client.sendAsync(request, HttpResponse.BodyHandlers.discarding());
        inFlight = sent;
        try {
            if (aborted) {
                sent.cancel(true);
            }
            response = sent.get();
        } catch (CancellationException e) {
            throw DeliveryFailure.of("abandoned: the application is stopping");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw DeliveryFailure.of("interrupted");
        } catch (ExecutionException e) {
            throw DeliveryFailure.of(describe(e.getCause()));
        } finally {
            inFlight = null;
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return;
        }
        boolean mayWait = status == 408 || status == 429 || status >= 500;
        throw new DeliveryFailure("HTTP " + status,
                mayWait ? Backoff.parseRetryAfter(response.headers().firstValue("Retry-After").orElse(null),
                        clock.instant()).orElse(null) : null,
                status == 413);
    }

    @Override
    public void abort() {
        aborted = true;
        CompletableFuture<?> sending = inFlight;
        if (sending != null) {
            sending.cancel(true);
        }
    }

    private static String describe(Throwable t) {
        if (t instanceof IOException && t.getMessage() != null && !t.getMessage().isBlank()) {
            return t.getClass().getSimpleName() + ": " + t.getMessage();
        }
        return t == null ? "unknown error" : t.getClass().getSimpleName();
    }
}
