package io.crosshost;

import io.crosshost.matrix.Defaults;
import io.crosshost.matrix.Endpoint;
import io.crosshost.matrix.HostSpec;
import io.crosshost.matrix.ImageSpec;
import io.crosshost.matrix.Matrix;
import io.crosshost.matrix.ScenarioSelection;
import io.crosshost.scenario.Command;
import io.crosshost.scenario.Expectations;
import io.crosshost.scenario.Isolation;
import io.crosshost.scenario.RunOptions;
import io.crosshost.scenario.Scenario;
import io.crosshost.scenario.SourceLocation;
import io.crosshost.scenario.Step;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Small model objects for unit tests that need no files. */
public final class TestModel {

    private TestModel() {
    }

    public static Scenario scenario(String id, String shell) {
        return scenario(id, shell, RunOptions.DEFAULT, Set.of());
    }

    public static Scenario scenario(String id, String shell, RunOptions options, Set<String> tags) {
        SourceLocation at = SourceLocation.of(Path.of(id + ".yaml"));
        return new Scenario(id, id, null, tags, List.of(), List.of(new Step("run", Command.shell(shell), Expectations.DEFAULT, at)),
                options, 0, Isolation.FRESH, List.of(), at);
    }

    public static HostSpec host(String name) {
        return new HostSpec(name, new Endpoint("unix:///run/" + name + ".sock", null), 1, Map.of());
    }

    public static ImageSpec image(String name) {
        return new ImageSpec(name, "crosshost.test/" + name + ":latest", null, ImageSpec.PullPolicy.NEVER, Map.of());
    }

    public static Matrix matrix(List<String> hosts, List<String> images) {
        return new Matrix("test", hosts.stream().map(TestModel::host).toList(), images.stream().map(TestModel::image).toList(),
                ScenarioSelection.ALL, List.of(), Defaults.STANDARD, SourceLocation.of(Path.of("matrix.yaml")));
    }
}
