package io.crosshost.pinpoint;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Reads the lab recordings under src/test/resources/pinpoint. */
final class Resources {

    private Resources() {
    }

    static String read(String name) {
        try (InputStream in = Resources.class.getResourceAsStream("/pinpoint/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource pinpoint/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
