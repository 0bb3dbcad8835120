package io.crosshost.engine;

import io.crosshost.result.CellResult;
import io.crosshost.result.ResultListener;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request;

/** Runs the crosshost engine through the JUnit Platform Launcher, as Surefire would, and keeps every cell's result. */
final class EngineRuns {

    private EngineRuns() {
    }

    /** The results by cell id of one run with these configuration parameters. */
    static Map<String, CellResult> cells(Map<String, String> configuration) {
        Map<String, CellResult> results = new ConcurrentHashMap<>();
        try (LauncherSession session = LauncherFactory.openSession()) {
            session.getStore().put(CrosshostTestEngine.STORE, CrosshostTestEngine.LISTENERS_KEY, List.<ResultListener>of(new ResultListener() {
                @Override
                public void cellFinished(CellResult result) {
                    results.put(result.cellId(), result);
                }
            }));
            LauncherDiscoveryRequestBuilder request = request();
            configuration.forEach(request::configurationParameter);
            session.getLauncher().execute(request.build());
        }
        return results;
    }
}
