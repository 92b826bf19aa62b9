package sh.velocity.audit.infrastructure.drain;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;

/**
 * Whom a drain trusts over TLS: the JVM's default (under Liberty's transportSecurity, the server's
 * default SSL configuration and its truststore), or only the CA certificates of a configured PEM
 * file, for a SIEM behind a private CA. Either way the destination's name is checked against its
 * certificate, and nothing older than TLS 1.2 is spoken.
 */
final class TlsTrust {

    private TlsTrust() {
    }

    static SSLContext defaultContext() {
        try {
            return SSLContext.getDefault();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JVM has no default TLS context", e);
        }
    }

    /** A context that trusts exactly the certificates in the PEM (or DER) file's content. */
    static SSLContext trusting(byte[] caFile, String what) {
        try {
            Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(caFile));
            if (certs.isEmpty()) {
                throw new IllegalArgumentException(what + " holds no certificate");
            }
            KeyStore anchors = KeyStore.getInstance(KeyStore.getDefaultType());
            anchors.load(null, null);
            int i = 0;
            for (Certificate cert : certs) {
                anchors.setCertificateEntry("ca-" + i++, cert);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(anchors);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException(what + " is not a PEM file of CA certificates ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    /** TLS 1.3 or 1.2, and the peer's certificate must name the host we connected to. */
    static SSLParameters parameters(SSLContext context) {
        SSLParameters p = context.getDefaultSSLParameters();
        p.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
        p.setEndpointIdentificationAlgorithm("HTTPS");
        return p;
    }
}
