/**
 * The CLI's configuration file: named profiles of a server URL, an API key and an optional CA
 * certificate, under {@code $XDG_CONFIG_HOME/velocity/config}. It holds credentials, so it is
 * written with mode 0600 and refused when anyone but its owner may read or write it.
 */
package sh.velocity.cli.config;
