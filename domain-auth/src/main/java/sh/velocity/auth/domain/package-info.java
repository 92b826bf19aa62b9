/**
 * Identity rules free of any framework: the API key format and its hashing, time-to-live values.
 * User credentials have their own subpackages: {@code password} (policy and Argon2id storage) and
 * {@code totp} (the one-time-password second factor).
 */
package sh.velocity.auth.domain;
