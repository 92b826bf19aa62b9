/** What every request passes through before it reaches a resource. */
package sh.velocity.web.http;
