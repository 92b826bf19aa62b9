/**
 * The one authentication pipeline: a Jakarta Security mechanism that turns a bearer credential
 * into the container's caller principal. Refusals are left to the web layer, which audits them
 * and answers with a problem document.
 */
package sh.velocity.auth.interfaces.security;
