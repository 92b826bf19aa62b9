/** Search tier 3 over OpenSearch's REST API, configured by {@code velocity.search.*}. */
package sh.velocity.records.infrastructure.search;
