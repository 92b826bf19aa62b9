package sh.velocity.records.api;

/**
 * Idempotency keys of record writes, per principal (IETF draft semantics): the first request with
 * a key runs; a repeat with the same payload gets the first response again; a repeat with another
 * payload gets 422; a repeat while the first still runs gets 409. The first request's write
 * completes the key in its own transaction, so a key never outlives or outruns its write.
 */
public interface Idempotency {

    /** Claims {@code key} for a request whose fingerprint is {@code requestHash} (SHA-256 hex). */
    Claim claim(String key, String requestHash);

    /** Gives a claimed key back after its request failed, so it may be used again. */
    void release(String key);

    /** What a claim found. {@code status}/{@code body}: the response to replay. */
    record Claim(Outcome outcome, int status, String body) {
    }

    /** PROCEED: run the request. REPLAY: answer with the stored response. */
    enum Outcome {
        PROCEED, REPLAY, IN_PROGRESS, MISMATCH
    }
}
