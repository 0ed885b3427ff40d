package dev.lexray.serve;

/**
 * An answer other than success, with its HTTP status and a stable code: the body is
 * {@code {"error": {"code": ..., "message": ...}}} (and {@code index} when one text is to blame). Never carries a
 * stack trace to the client.
 */
final class ApiException extends RuntimeException {
    private final int status;
    private final String code;
    private final Integer index;
    private final Integer retryAfterSeconds;

    ApiException(int status, String code, String message) {
        this(status, code, message, null, null);
    }

    ApiException(int status, String code, String message, Integer index, Integer retryAfterSeconds) {
        super(message, null, false, false); // no stack trace: it is an answer, not a bug
        this.status = status;
        this.code = code;
        this.index = index;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    static ApiException badRequest(String message) {
        return new ApiException(400, "bad_request", message);
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }

    Integer index() {
        return index;
    }

    Integer retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
