/**
 * The CLI's HTTP client of the REST API: TLS verified by default (the JDK's trust store, or only the
 * CA certificates given with {@code --ca-cert}), no redirects (a redirect would carry the API key
 * elsewhere), the server's RFC 9457 problems turned into failures with their stable code.
 */
package sh.velocity.cli.http;
