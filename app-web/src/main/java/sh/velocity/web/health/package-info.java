/** MicroProfile Health checks: one per dependency, plus the startup guard's verdict. */
package sh.velocity.web.health;
