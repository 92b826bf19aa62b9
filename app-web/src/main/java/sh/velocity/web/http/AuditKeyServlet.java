package sh.velocity.web.http;

import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import sh.velocity.audit.api.AuditCheckpoints;
import sh.velocity.kernel.json.Jsonp;

/**
 * {@code GET /.well-known/velocity-audit-key.json}: the Ed25519 public key that verifies audit
 * checkpoints, so an auditor can check them without trusting the server's own verification.
 */
@WebServlet(urlPatterns = "/.well-known/velocity-audit-key.json")
public class AuditKeyServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Inject
    transient AuditCheckpoints checkpoints;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
        AuditCheckpoints.PublicKey key = checkpoints.publicKey();
        byte[] body = Jsonp.createObjectBuilder().add("keyId", key.keyId()).add("algorithm", key.algorithm())
                .add("publicKey", key.x509Base64()).add("encoding", "X.509 SubjectPublicKeyInfo, base64")
                .add("signedBytes", "docs/audit-format.md, 'Checkpoints'").build().toString()
                .getBytes(StandardCharsets.UTF_8);
        res.setContentType("application/json");
        res.setContentLength(body.length);
        res.getOutputStream().write(body);
    }
}
