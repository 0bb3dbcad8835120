package io.crosshost.matrix;

import io.crosshost.TestModel;
import io.crosshost.scenario.Scenario;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CellPlannerTest {

    private final Matrix matrix = TestModel.matrix(List.of("docker", "podman"), List.of("debian-11", "debian-13"));
    private final List<Scenario> scenarios = IntStream.range(0, 5).mapToObj(i -> TestModel.scenario("s" + i, "true")).toList();

    @Test
    void expandsScenarioImageHostInFileOrder() {
        List<PlannedCell> plan = CellPlanner.plan(matrix, scenarios, CellFilter.ALL);

        assertThat(plan).hasSize(20);
        assertThat(plan.subList(0, 4)).extracting(PlannedCell::id).containsExactly(
                "s0/debian-11@docker", "s0/debian-11@podman", "s0/debian-13@docker", "s0/debian-13@podman");
    }

    @Test
    void shardsAreDisjointCompleteAndEven() {
        List<String> all = CellPlanner.plan(matrix, scenarios, CellFilter.ALL).stream().map(PlannedCell::id).toList();
        for (int n = 1; n <= 4; n++) {
            List<String> union = new ArrayList<>();
            for (int k = 1; k <= n; k++) {
                List<String> shard = CellPlanner.plan(matrix, scenarios, new CellFilter(java.util.Set.of(), java.util.Set.of(),
                        java.util.Set.of(), java.util.Set.of(), new Shard(k, n))).stream().map(PlannedCell::id).toList();
                assertThat(shard.size()).isBetween(20 / n, (20 + n - 1) / n);
                union.addAll(shard);
            }
            assertThat(union).containsExactlyInAnyOrderElementsOf(all);
        }
    }

    @Test
    void shardTextIsCheckedWithAMessageThatShowsTheForm() {
        assertThat(Shard.parse("2/4")).isEqualTo(new Shard(2, 4));
        assertThatThrownBy(() -> Shard.parse("5/4")).hasMessageContaining("K/N");
        assertThatThrownBy(() -> Shard.parse("two")).hasMessageContaining("such as 2/4");
    }
}
