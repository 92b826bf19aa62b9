package sh.velocity.web.http;

import java.io.IOException;

/** A request body grew past the configured limit while being read; answered with 413. */
public final class BodyTooLargeException extends IOException {

    private static final long serialVersionUID = 1L;

    BodyTooLargeException(long limit) {
        super("The request body is larger than " + limit + " bytes.");
    }
}
