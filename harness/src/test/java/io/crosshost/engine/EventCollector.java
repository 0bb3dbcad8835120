package io.crosshost.engine;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Event;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** The ids of the containers in a bounded (since/until) stream of engine events. */
final class EventCollector extends ResultCallback.Adapter<Event> {

    private final List<String> ids = new CopyOnWriteArrayList<>();

    @Override
    public void onNext(Event event) {
        if (event.getId() != null) {
            ids.add(event.getId());
        }
    }

    List<String> awaitEvents() {
        try {
            awaitCompletion(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return ids;
    }
}
