/** What other modules may use of records: create, read and list them, masked. */
package sh.velocity.records.api;
