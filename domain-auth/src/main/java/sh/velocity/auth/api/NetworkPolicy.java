package sh.velocity.auth.api;

/**
 * Which source addresses may call the API at all: an optional allow list and an optional deny list
 * of CIDR networks ({@code velocity.network.allow}, {@code velocity.network.deny}). Deny wins; an
 * empty allow list allows every address not denied. A list that does not parse refuses everyone
 * (fail closed) and says so in the log.
 */
public interface NetworkPolicy {

    boolean allows(String sourceAddress);
}
