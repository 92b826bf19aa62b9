package sh.velocity.web.http;

import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import sh.velocity.auth.api.Sessions;

/**
 * {@code GET /.well-known/jwks.json}: the public keys that verify Velocity's access tokens, for
 * services that accept them. Public by design; it holds no private part.
 */
@WebServlet(urlPatterns = "/.well-known/jwks.json")
public class JwksServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Inject
    transient Sessions sessions;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
        byte[] body = sessions.publicKeys().getBytes(StandardCharsets.UTF_8);
        res.setContentType("application/jwk-set+json");
        res.setHeader("Cache-Control", "public, max-age=300");
        res.setContentLength(body.length);
        res.getOutputStream().write(body);
    }
}
