/** RFC 9457 problem documents: the only shape an error leaves the server in. */
package sh.velocity.web.problem;
