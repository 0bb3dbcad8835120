package io.crosshost.host;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ImageFactsCacheTest {

    @Test
    void anImagesProbeOutputIsKeptPerImageIdAndScript(@TempDir Path dir) {
        ImageFactsCache cache = new ImageFactsCache(dir.resolve("image-facts"));
        assertThat(cache.probeOutput("sha256:aaa", "script 1")).isEmpty();

        cache.store("sha256:aaa", "script 1", "os=Debian GNU/Linux 12 (bookworm)\nlibc=glibc 2.36\n");

        assertThat(cache.probeOutput("sha256:aaa", "script 1")).contains("os=Debian GNU/Linux 12 (bookworm)\nlibc=glibc 2.36\n");
        assertThat(cache.probeOutput("sha256:bbb", "script 1")).as("another image").isEmpty();
        assertThat(cache.probeOutput("sha256:aaa", "script 2")).as("a changed probe script").isEmpty();
        assertThat(new ImageFactsCache(dir.resolve("image-facts")).probeOutput("sha256:aaa", "script 1")).as("the next run").isPresent();
    }

    @Test
    void aCacheThatCannotBeWrittenIsNoError(@TempDir Path dir) throws Exception {
        Path notADirectory = Files.writeString(dir.resolve("file"), "x");
        ImageFactsCache cache = new ImageFactsCache(notADirectory.resolve("image-facts"));

        cache.store("sha256:aaa", "s", "os=x\n");

        assertThat(cache.probeOutput("sha256:aaa", "s")).isEmpty();
    }
}
