/** Search tier 3: the search-engine port and the index naming, free of any engine's API. */
package sh.velocity.records.domain.search;
