package org.ae4j.core.data.formats;

/**
 * A data file is readable but its content is not what its format promises (bad magic, a header that
 * does not match the payload, out-of-range values). Unchecked because no caller can recover by
 * retrying; the message always names the file and the problem.
 *
 * <p>Not to be confused with the checked {@code java.util.zip.DataFormatException}.
 */
public class DataFormatException extends RuntimeException {
    public DataFormatException(String message) {
        super(message);
    }

    public DataFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
