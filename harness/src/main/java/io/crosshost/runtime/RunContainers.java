package io.crosshost.runtime;

import com.github.dockerjava.api.DockerClient;

import java.util.Map;

/** The containers on a host that carry a run's label: what a finished or stopped run removes, whatever made them. */
public final class RunContainers {

    private RunContainers() {
    }

    /** Removes them all, forcibly; how many it found. A host that does not answer keeps them for the next run's sweep. */
    public static int removeAll(DockerClient client, String runId) {
        try {
            var found = client.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(RunContext.LABEL_RUN, runId)).exec();
            found.forEach(c -> {
                try {
                    client.removeContainerCmd(c.getId()).withForce(true).exec();
                } catch (RuntimeException gone) {
                    // removed meanwhile
                }
            });
            return found.size();
        } catch (RuntimeException hostGone) {
            // the next run's sweep removes them once the host answers again
            return 0;
        }
    }
}
