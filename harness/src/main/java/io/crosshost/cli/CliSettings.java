package io.crosshost.cli;

import io.crosshost.engine.CrosshostConfiguration;
import io.crosshost.host.HostSettings;

import java.util.Optional;

/**
 * The engine's settings as the CLI's JVM got them ({@code CROSSHOST_JAVA_OPTS=-Dcrosshost.requestDeadline=2m}): the
 * Launcher hands system properties to the engine as configuration parameters by itself, and the verbs that open
 * hosts without the engine (triage, hosts) read the same keys through the same parser.
 */
final class CliSettings {

    private CliSettings() {
    }

    static HostSettings hosts() {
        return CrosshostConfiguration.hostSettings(CliSettings::property);
    }

    /** Every setting parsed once before a verb runs, so a bad value is one line and exit 2, not an ERROR per cell. */
    static void check() {
        hosts();
        CrosshostConfiguration.pipeline(CliSettings::property);
    }

    private static Optional<String> property(String key) {
        return Optional.ofNullable(System.getProperty(key));
    }
}
