package io.crosshost.result;

import java.time.Duration;

/**
 * Where one pull of an image on one host stands: the layers the engine named and how many it has, the bytes it
 * reported, and, once it is over, the digest it got or why it failed. Bytes are what the engine said it downloads;
 * a layer it already had ("Already exists") counts as done with no bytes.
 *
 * @param digest the registry's manifest digest when the pull succeeded, else null
 * @param error  one line naming registry, image and the engine's (the registry's) words when it failed, else null
 */
public record PullProgress(String image, String host, String reference, String registry, int layers, int layersDone,
                           long bytesDone, long bytesTotal, Duration elapsed, boolean finished, String digest, String error) {
}
