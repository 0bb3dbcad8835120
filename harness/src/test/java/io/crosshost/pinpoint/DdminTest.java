package io.crosshost.pinpoint;

import io.crosshost.pinpoint.Ddmin.Result;
import io.crosshost.pinpoint.Ddmin.Verdict;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DdminTest {

    private static final List<Integer> EIGHT = List.of(1, 2, 3, 4, 5, 6, 7, 8);

    /** A test that fails when the subset contains all of {@code needed}, and records every call. */
    private static final class ContainsAll implements Ddmin.FailureTest<Integer> {
        final Set<Integer> needed;
        final List<List<Integer>> calls = new ArrayList<>();

        ContainsAll(Integer... needed) {
            this.needed = Set.of(needed);
        }

        @Override
        public boolean fails(List<Integer> subset) {
            calls.add(subset);
            return !needed.isEmpty() && new HashSet<>(subset).containsAll(needed);
        }
    }

    @Test
    void zellersSingleCulpritIsFoundInLogarithmicallyManyTests() throws InterruptedException {
        ContainsAll test = new ContainsAll(7);

        Result<Integer> result = Ddmin.<Integer>withCap(40).minimize(EIGHT, test);

        assertThat(result.verdict()).isEqualTo(Verdict.MINIMAL);
        assertThat(result.culprits()).containsExactly(7);
        // full set, empty set, then halves of 8, 4, 2: two tests a level at most.
        assertThat(result.testsRun()).isLessThanOrEqualTo(2 + 2 * 3).isEqualTo(test.calls.size());
    }

    @Test
    void twoInteractingCulpritsInDifferentHalvesAreBothKept() throws InterruptedException {
        // Zeller's second example: neither half fails alone, so ddmin goes to finer chunks and complements.
        Result<Integer> result = Ddmin.<Integer>withCap(40).minimize(EIGHT, new ContainsAll(2, 7));

        assertThat(result.verdict()).isEqualTo(Verdict.MINIMAL);
        assertThat(result.culprits()).containsExactly(2, 7);
    }

    @Test
    void whenEveryCandidateIsNeededTheWholeListIsMinimal() throws InterruptedException {
        List<Integer> four = List.of(1, 2, 3, 4);

        Result<Integer> result = Ddmin.<Integer>withCap(40).minimize(four, new ContainsAll(1, 2, 3, 4));

        assertThat(result.verdict()).isEqualTo(Verdict.MINIMAL);
        assertThat(result.culprits()).containsExactly(1, 2, 3, 4);
        // Proof of 1-minimality: each complement of one element was tried and passed.
        for (Integer left : four) {
            List<Integer> without = four.stream().filter(i -> !i.equals(left)).toList();
            assertThat(result.trials()).anySatisfy(t -> {
                assertThat(t.subset()).isEqualTo(without);
                assertThat(t.failed()).isFalse();
            });
        }
    }

    @Test
    void aFullSetThatPassesIsSaidSoAfterOneTest() throws InterruptedException {
        ContainsAll never = new ContainsAll();

        Result<Integer> result = Ddmin.<Integer>withCap(40).minimize(EIGHT, never);

        assertThat(result.verdict()).isEqualTo(Verdict.FULL_SET_PASSES);
        assertThat(result.culprits()).isEmpty();
        assertThat(result.testsRun()).isEqualTo(1);
        assertThat(never.calls).containsExactly(EIGHT);
    }

    @Test
    void aFailureWithoutAnyCandidateIsNotBlamedOnThem() throws InterruptedException {
        Result<Integer> result = Ddmin.<Integer>withCap(40).minimize(EIGHT, subset -> true);

        assertThat(result.verdict()).isEqualTo(Verdict.EMPTY_SET_FAILS);
        assertThat(result.culprits()).isEmpty();
        assertThat(result.testsRun()).isEqualTo(2);
    }

    @Test
    void staysWithinTheCapAndReturnsAFailingSubset() throws InterruptedException {
        List<Integer> hundred = IntStream.rangeClosed(1, 100).boxed().toList();
        // Five culprits spread out: every quarter holds one, so only the complements of eighths make progress (after 20 tests), and
        // ddmin would need well over 30 tests to finish.
        ContainsAll test = new ContainsAll(3, 27, 51, 76, 99);

        Result<Integer> result = Ddmin.<Integer>withCap(30).minimize(hundred, test);

        assertThat(result.verdict()).isEqualTo(Verdict.CAP_REACHED);
        assertThat(test.calls).hasSize(30);
        assertThat(result.testsRun()).isEqualTo(30);
        assertThat(result.culprits()).containsAll(test.needed).hasSizeLessThan(100);
    }

    @Test
    void neverRunsTheSameSubsetTwice() throws InterruptedException {
        List<Integer> sixteen = IntStream.rangeClosed(1, 16).boxed().toList();
        ContainsAll test = new ContainsAll(1, 5, 9, 16);

        Result<Integer> result = Ddmin.<Integer>withCap(200).minimize(sixteen, test);

        assertThat(result.culprits()).containsExactly(1, 5, 9, 16);
        assertThat(test.calls).doesNotHaveDuplicates();
        assertThat(result.cacheHits()).isPositive();
    }

    @Test
    void theLikelyCandidateAloneIsTriedFirstAndCostsOneTest() throws InterruptedException {
        // The syscall case: faccessat2 is newer than the host's engine, so it is ranked first.
        List<String> denied = List.of("clone3", "faccessat2", "mount", "keyctl", "bpf", "ptrace");
        List<String> likely = List.of("faccessat2", "clone3");
        Comparator<String> order = Comparator.comparingInt(s -> likely.contains(s) ? likely.indexOf(s) : likely.size());
        List<List<String>> calls = new ArrayList<>();

        Result<String> result = Ddmin.<String>withCap(40).likelyFirst(order).trySinglesFirst(2)
                .minimize(denied, subset -> {
                    calls.add(subset);
                    return subset.contains("faccessat2");
                });

        assertThat(result.verdict()).isEqualTo(Verdict.MINIMAL);
        assertThat(result.culprits()).containsExactly("faccessat2");
        assertThat(calls).containsExactly(List.of("faccessat2", "clone3", "mount", "keyctl", "bpf", "ptrace"), List.of(),
                List.of("faccessat2"));
    }

    @Test
    void culpritsComeBackInTheCallersOrderEvenWhenSearchedInAnother() throws InterruptedException {
        Result<Integer> result = Ddmin.<Integer>withCap(40).likelyFirst(Comparator.reverseOrder())
                .minimize(EIGHT, new ContainsAll(6, 2));

        assertThat(result.culprits()).containsExactly(2, 6);
    }

    @Test
    void rejectsDuplicatesAndATooSmallCap() {
        assertThatThrownBy(() -> Ddmin.<Integer>withCap(40).minimize(List.of(1, 1), s -> true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("distinct");
        assertThatThrownBy(() -> Ddmin.withCap(1)).isInstanceOf(IllegalArgumentException.class);
    }
}
