package io.crosshost.matrix;

import io.crosshost.scenario.Scenario;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Expands scenarios x images x hosts into the cells of one run, in a stable order. */
public final class CellPlanner {

    private CellPlanner() {
    }

    /**
     * The cells of {@code matrix} for {@code scenarios}, narrowed by {@code filter}, ordered scenario,
     * image, host as the files give them; sharding deals cells by sorted id so it does not depend on file order.
     */
    public static List<PlannedCell> plan(Matrix matrix, List<Scenario> scenarios, CellFilter filter) {
        List<PlannedCell> all = new ArrayList<>();
        for (Scenario scenario : scenarios) {
            if (!matrix.scenarios().selects(scenario) || !filter.selects(scenario)) {
                continue;
            }
            for (ImageSpec image : matrix.images()) {
                if (!filter.selectsImage(image.name())) {
                    continue;
                }
                for (HostSpec host : matrix.hosts()) {
                    if (!filter.selectsHost(host.name())) {
                        continue;
                    }
                    Cell cell = new Cell(scenario, image, host);
                    all.add(new PlannedCell(cell,
                            matrix.exclusionFor(scenario.id(), host.name(), image.name()).map(Exclusion::reason),
                            scenario.knownFailureFor(host.name(), image.name())));
                }
            }
        }
        if (filter.shard().count() == 1) {
            return all;
        }
        List<String> sortedIds = all.stream().map(PlannedCell::id).sorted(Comparator.naturalOrder()).toList();
        Map<String, Integer> position = new HashMap<>();
        for (int i = 0; i < sortedIds.size(); i++) {
            position.put(sortedIds.get(i), i);
        }
        return all.stream().filter(c -> filter.shard().owns(position.get(c.id()))).toList();
    }
}
