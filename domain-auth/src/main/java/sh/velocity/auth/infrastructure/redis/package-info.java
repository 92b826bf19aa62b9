/** The revocation list in Redis. */
package sh.velocity.auth.infrastructure.redis;
