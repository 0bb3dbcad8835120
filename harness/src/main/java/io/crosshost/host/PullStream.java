package io.crosshost.host;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.PullResponseItem;
import com.github.dockerjava.api.model.ResponseItem;
import io.crosshost.result.PullProgress;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One pull's stream of progress items as the engine sends them, added up per layer: Docker and Podman's compat API
 * both send {@code {"status":"Downloading","id":LAYER,"progressDetail":{"current":..,"total":..}}}, then
 * "Download complete" / "Pull complete" (Docker) or "Already exists" for a layer the host has; the stream ends with
 * an error item when the pull failed. Progress goes out at most every {@value #EVERY_MILLIS} ms, enough for a
 * terminal line.
 */
final class PullStream extends ResultCallback.Adapter<PullResponseItem> {

    private static final long EVERY_MILLIS = 200;

    private final String image;
    private final String host;
    private final String reference;
    private final String registry;
    private final Consumer<PullProgress> progress;
    private final long startNanos = System.nanoTime();
    private final Map<String, Layer> layers = new LinkedHashMap<>();
    private String error;
    private String lastStatus;
    private long lastSentNanos;

    private static final class Layer {
        long current;
        long total;
        boolean done;
    }

    PullStream(String image, String host, String reference, String registry, Consumer<PullProgress> progress) {
        this.image = image;
        this.host = host;
        this.reference = reference;
        this.registry = registry;
        this.progress = progress;
    }

    @Override
    public void onNext(PullResponseItem item) {
        PullProgress now;
        synchronized (this) {
            if (item.isErrorIndicated()) {
                ResponseItem.ErrorDetail detail = item.getErrorDetail();
                error = detail != null && detail.getMessage() != null ? detail.getMessage() : item.getError();
                return;
            }
            String status = item.getStatus();
            if (status != null) {
                lastStatus = status;
            }
            if (!isLayer(item)) {
                return;
            }
            Layer layer = layers.computeIfAbsent(item.getId(), id -> new Layer());
            ResponseItem.ProgressDetail detail = item.getProgressDetail();
            if ("Downloading".equals(status) && detail != null && detail.getTotal() != null && detail.getTotal() > 0) {
                layer.total = detail.getTotal();
                layer.current = detail.getCurrent() == null ? layer.current : detail.getCurrent();
            }
            if ("Download complete".equals(status) || "Pull complete".equals(status) || "Already exists".equals(status)) {
                layer.done = true;
                layer.current = layer.total;
            }
            long t = System.nanoTime();
            if (t - lastSentNanos < EVERY_MILLIS * 1_000_000L) {
                return;
            }
            lastSentNanos = t;
            now = snapshot(false, null, null);
        }
        progress.accept(now);
    }

    /** Docker's first item names the tag ({@code "Pulling from lab/busybox", id "latest"}), and digest lines no id. */
    private static boolean isLayer(PullResponseItem item) {
        String status = item.getStatus();
        return item.getId() != null && status != null && !status.startsWith("Pulling from") && !status.startsWith("Digest:")
                && !status.startsWith("Status:");
    }

    /** The engine's words when the stream ended with an error item. */
    synchronized Optional<String> error() {
        return Optional.ofNullable(error);
    }

    /** The last status the engine sent, for a pull that did not end in time: where it stood. */
    synchronized Optional<String> lastStatus() {
        return Optional.ofNullable(lastStatus);
    }

    synchronized PullProgress snapshot(boolean finished, String digest, String failure) {
        int done = 0;
        long current = 0;
        long total = 0;
        for (Layer l : layers.values()) {
            done += l.done ? 1 : 0;
            current += l.current;
            total += l.total;
        }
        return new PullProgress(image, host, reference, registry, layers.size(), done, current, total,
                Duration.ofNanos(System.nanoTime() - startNanos), finished, digest, failure);
    }
}
