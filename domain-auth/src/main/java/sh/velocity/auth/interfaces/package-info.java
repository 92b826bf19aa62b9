/** How identity reaches the container: the HTTP authentication mechanism. */
package sh.velocity.auth.interfaces;
