package dev.kiln.serve;

import dev.kiln.ErrorCode;
import dev.kiln.KilnException;

/** The replica cannot answer now (nothing loaded yet, or every connection busy): a 503, to retry. */
final class ReplicaUnavailable extends KilnException {

    private static final long serialVersionUID = 1L;

    ReplicaUnavailable(String message) {
        super(ErrorCode.EXECUTION_FAILED, message);
    }
}
