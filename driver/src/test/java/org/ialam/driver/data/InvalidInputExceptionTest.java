package org.ialam.driver.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.FileNotFoundException;
import java.io.IOException;

import org.junit.jupiter.api.Test;

class InvalidInputExceptionTest {

    @Test
    void messageIsOneLine() {
        InvalidInputException e = new InvalidInputException("a.txt: bad\n  value\r\nhere\n");
        assertEquals("a.txt: bad value here", e.getMessage());
    }

    @Test
    void cannotReadNamesFileAndReasonAndKeepsCause() {
        IOException cause = new FileNotFoundException("No such file or directory");
        InvalidInputException e = InvalidInputException.cannotRead("/data/x.gz", cause);
        assertEquals("cannot read /data/x.gz: No such file or directory", e.getMessage());
        assertSame(cause, e.getCause());
    }

    @Test
    void cannotReadWithoutReasonUsesExceptionType() {
        InvalidInputException e = InvalidInputException.cannotRead("/data/x", new IOException());
        assertEquals("cannot read /data/x: IOException", e.getMessage());
    }
}
