/**
 * Database access that carries the caller's principal into PostgreSQL, where row-level security
 * policies read it. Every module obtains connections here and nowhere else.
 */
package sh.velocity.kernel.db;
