/** Record rules free of any framework: validating a body against the declared fields, masking. */
package sh.velocity.records.domain;
