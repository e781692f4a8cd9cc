package org.archlab.inference.server.problems;

import java.io.IOException;

/** A request body past the configured limit; an I/O error so that it surfaces wherever the body is read. */
final class RequestBodyTooLarge extends IOException {

    RequestBodyTooLarge(long limit) {
        super("the request body exceeds the limit of " + limit + " bytes");
    }
}
