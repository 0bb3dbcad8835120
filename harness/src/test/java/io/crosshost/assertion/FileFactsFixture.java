package io.crosshost.assertion;

import io.crosshost.scenario.FileType;

/** File facts as a container's archive API would give them, for checker tests. */
final class FileFactsFixture {

    private FileFactsFixture() {
    }

    /** A root-owned 0644 regular file with this content. */
    static FileFacts file(String content) {
        return new FileFacts(FileType.FILE, 0644, 0, 0, "root", "root", content.length(), null, null, content, "0".repeat(64));
    }
}
