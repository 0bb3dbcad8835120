package io.crosshost.jupiter;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.engine.ConfigurationParameters;

import java.util.Optional;
import java.util.Set;

/**
 * Jupiter's view of the launch's configuration parameters as the Platform's, so that the extension reads the
 * {@code crosshost.*} keys through the engine's own {@code CrosshostConfiguration} and nowhere else.
 */
final class JupiterParameters implements ConfigurationParameters {

    private final ExtensionContext context;

    JupiterParameters(ExtensionContext context) {
        this.context = context;
    }

    @Override
    public Optional<String> get(String key) {
        return context.getConfigurationParameter(key);
    }

    @Override
    public Optional<Boolean> getBoolean(String key) {
        return get(key).map(v -> Boolean.parseBoolean(v.strip()));
    }

    /** Jupiter gives no list of keys; {@code CrosshostConfiguration} reads keys by name only. */
    @Override
    @Deprecated
    public int size() {
        return 0;
    }

    @Override
    @Deprecated
    public Set<String> keySet() {
        return Set.of();
    }
}
