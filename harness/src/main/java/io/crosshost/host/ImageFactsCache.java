package io.crosshost.host;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * What the facts probe printed for an image, kept across runs. An image id is the hash of the image's content, and
 * the probe reads only the image's own files, so the same id and the same probe script print the same facts on any
 * host: the probe's container (one per image and host, every run) is needed once per image. Only a probe that
 * passed is kept. The cache is a saving, never a source of errors: what cannot be read or written is probed again.
 */
final class ImageFactsCache {

    private final Path dir;

    ImageFactsCache(Path dir) {
        this.dir = dir;
    }

    Optional<String> probeOutput(String imageId, String script) {
        try {
            return Optional.of(Files.readString(file(imageId, script), StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException notThere) {
            return Optional.empty();
        }
    }

    void store(String imageId, String script, String output) {
        try {
            Files.createDirectories(dir);
            Path target = file(imageId, script);
            // Written aside, then moved: two runs probing the same image at once never read half a file.
            Path temp = Files.createTempFile(dir, ".facts", ".tmp");
            Files.writeString(temp, output, StandardCharsets.UTF_8);
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            // next run probes again
        }
    }

    /** One file per image id and probe script: a changed script never reads what an older one printed. */
    private Path file(String imageId, String script) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] key = sha.digest((imageId + "\n" + script).getBytes(StandardCharsets.UTF_8));
            return dir.resolve(HexFormat.of().formatHex(key) + ".txt");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }
}
