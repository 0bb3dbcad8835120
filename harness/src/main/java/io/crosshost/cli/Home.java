package io.crosshost.cli;

import java.nio.file.Path;

/** The Crosshost checkout the command belongs to: the launcher script sets {@code crosshost.home}. */
final class Home {

    private Home() {
    }

    static Path path() {
        String home = System.getProperty("crosshost.home");
        return home != null ? Path.of(home) : Path.of("").toAbsolutePath();
    }
}
