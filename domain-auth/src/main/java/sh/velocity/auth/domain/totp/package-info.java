/**
 * Time-based one-time passwords (RFC 6238) for the second factor of user logins, free of any
 * framework: {@link sh.velocity.auth.domain.totp.Totp} makes secrets, codes and enrolment URIs and
 * checks codes with replay protection; {@link sh.velocity.auth.domain.totp.Base32} is the encoding
 * authenticator apps use for the shared secret.
 *
 * <p>The shared secret is as sensitive as a password: nothing here puts a secret or a code in a
 * message or an exception.
 */
package sh.velocity.auth.domain.totp;
