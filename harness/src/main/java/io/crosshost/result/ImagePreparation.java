package io.crosshost.result;

import java.time.Duration;

/**
 * What making an image ready on one host did before its cells ran (issue 15: "the report says nothing about pulls
 * beyond the digest"). A pull's figures are its progress stream's last {@link PullProgress}, the one the terminal's
 * pull line prints (the bytes of the layers the engine downloaded, the layers it named, including those it already
 * had), not measured again.
 *
 * @param registry the registry pulled from (PULLED), else null
 * @param bytes    PULLED: the downloaded layers' bytes; LOADED: the archive's size; else 0
 * @param layers   PULLED: layers the engine named; else 0
 * @param took     PULLED and LOADED: how long it took (kept to the millisecond, as results.json keeps it); else null
 * @param archive  LOADED: the archive loaded, else null
 */
public record ImagePreparation(Action action, String registry, long bytes, int layers, Duration took, String archive) {

    public enum Action {
        /** Pulled from its registry: the matrix said {@code pull: always}, or {@code missing} and the host lacked it. */
        PULLED,
        /** The host had it and the matrix said {@code pull: missing}: nothing was fetched. */
        PRESENT,
        /** The host lacked it and the matrix gave an archive: loaded from that. */
        LOADED,
        /** The host had it and the matrix said {@code pull: never}: only looked at. */
        NOT_PULLED
    }

    public ImagePreparation {
        if (action == null) {
            throw new IllegalArgumentException("an image preparation needs its action");
        }
        took = took == null ? null : Duration.ofMillis(took.toMillis());
    }

    public static ImagePreparation pulled(PullProgress pull) {
        return new ImagePreparation(Action.PULLED, pull.registry(), pull.bytesTotal(), pull.layers(), pull.elapsed(), null);
    }

    public static ImagePreparation present() {
        return new ImagePreparation(Action.PRESENT, null, 0, 0, null, null);
    }

    public static ImagePreparation notPulled() {
        return new ImagePreparation(Action.NOT_PULLED, null, 0, 0, null, null);
    }

    public static ImagePreparation loaded(String archive, long bytes, Duration took) {
        return new ImagePreparation(Action.LOADED, null, bytes, 0, took, archive);
    }
}
