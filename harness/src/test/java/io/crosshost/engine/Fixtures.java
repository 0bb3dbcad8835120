package io.crosshost.engine;

import java.nio.file.Path;

/** Test fixtures under src/test/resources/fixtures, as paths on disk. */
final class Fixtures {

    private Fixtures() {
    }

    static Path grid() {
        return Path.of("src/test/resources/fixtures/grid").toAbsolutePath();
    }

    static Path gridMatrix() {
        return grid().resolve("matrices/lab-grid.yaml");
    }
}
