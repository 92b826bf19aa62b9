/** Identity rules free of any framework: the API key format and its hashing, time-to-live values. */
package sh.velocity.auth.domain;
