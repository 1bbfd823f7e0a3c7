package dev.tributary.data;

import java.io.IOException;

/**
 * A data set is neither installed, cached nor downloadable. The message is a single line that
 * says what to install or which directory to pass, fit to print as the CLI's error.
 */
public final class DataSetUnavailableException extends IOException {

    private static final long serialVersionUID = 1L;

    public DataSetUnavailableException(String message) {
        super(message.replaceAll("\\R", " "));
    }
}
