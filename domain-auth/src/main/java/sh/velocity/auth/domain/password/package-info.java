/**
 * Rules for user passwords, free of any framework: which passwords a user may choose
 * ({@link sh.velocity.auth.domain.password.PasswordPolicy}, backed by the shipped
 * {@link sh.velocity.auth.domain.password.CommonPasswords} list) and how a chosen one is stored and
 * checked ({@link sh.velocity.auth.domain.password.Argon2idHasher}, Argon2id in the PHC string format).
 *
 * <p>Passwords travel as {@code char[]} so callers can wipe them; nothing here puts a password in a
 * message, an exception or a {@code String} it keeps.
 */
package sh.velocity.auth.domain.password;
