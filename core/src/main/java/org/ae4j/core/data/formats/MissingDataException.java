package org.ae4j.core.data.formats;

/**
 * A data file could not be found in any data directory and could not be downloaded. The message
 * names the file, every directory searched and where to put the file.
 */
public class MissingDataException extends RuntimeException {
    public MissingDataException(String message) {
        super(message);
    }

    public MissingDataException(String message, Throwable cause) {
        super(message, cause);
    }
}
