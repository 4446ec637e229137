package org.ialam.driver.data;

import java.io.IOException;

/**
 * Bad input data: a missing, malformed or inconsistent input file, or a value that cannot be
 * used for training.
 *
 * <p>The command line prints only {@link #getMessage()} and exits with status 2, so every message
 * is a single line that names the file (full path), the field, what was found and what was
 * expected, for example
 * {@code file:/data/mnist/train-images-idx3-ubyte.gz: magic number is 2049, expected 2051 (IDX3
 * unsigned-byte images)}.
 */
public class InvalidInputException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param message one line naming the file, the field, what was found and what was expected */
    public InvalidInputException(String message) {
        super(oneLine(message));
    }

    /**
     * @param message one line naming the file, the field, what was found and what was expected
     * @param cause   the underlying failure, kept for debugging; the message must stand on its own
     */
    public InvalidInputException(String message, Throwable cause) {
        super(oneLine(message), cause);
    }

    /**
     * Wraps an I/O failure on {@code file} as {@code cannot read FILE: reason}, because an
     * IOException's own message often lacks the path or is just a class name.
     */
    public static InvalidInputException cannotRead(Object file, IOException cause) {
        String reason = cause.getMessage() == null || cause.getMessage().isBlank()
                ? cause.getClass().getSimpleName()
                : cause.getMessage();
        return new InvalidInputException("cannot read " + file + ": " + reason, cause);
    }

    /** Messages from the file system may span several lines; the CLI prints exactly one. */
    private static String oneLine(String message) {
        return message.strip().replaceAll("\\s*[\\r\\n]+\\s*", " ");
    }
}
