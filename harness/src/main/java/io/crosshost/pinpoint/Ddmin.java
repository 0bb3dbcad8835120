package io.crosshost.pinpoint;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Zeller's delta debugging (ddmin, "Simplifying and Isolating Failure-Inducing Input", 2002): the smallest subset
 * of a candidate list that still makes a test fail, 1-minimal (removing any single element makes it pass).
 *
 * <p>Each test here is a container rerun (about 0.6 s on Docker, 1 s on the Podman API, more for a hybrid), so the
 * search is bounded by a cap on the number of tests, never repeats a subset (memoised), and spends its first tests on
 * the candidates the caller thinks most likely: those alone, then ddmin over the list in that order, so that the
 * first chunks it tries hold the likely ones. It assumes the empty subset passes and checks that (one test), since a
 * failure without any candidate means the candidates do not explain it.
 *
 * <p>Immutable; one instance can minimise many lists.
 */
public final class Ddmin<T> {

    /** What a minimisation found. */
    public enum Verdict {
        /** {@code culprits} fail and removing any one of them passes. */
        MINIMAL,
        /** The cap was reached: {@code culprits} fail but may not be minimal. */
        CAP_REACHED,
        /** The full candidate set does not fail: nothing to minimise, the candidates do not reproduce the failure. */
        FULL_SET_PASSES,
        /** Even the empty subset fails: the failure does not depend on these candidates. */
        EMPTY_SET_FAILS
    }

    /** One test run: the subset tried and whether it failed. */
    public record Trial<T>(List<T> subset, boolean failed) {
        public Trial {
            subset = List.copyOf(subset);
        }
    }

    /** The outcome; {@code culprits} keep the order of the candidate list given. */
    public record Result<T>(Verdict verdict, List<T> culprits, int testsRun, int cacheHits, List<Trial<T>> trials) {
        public Result {
            culprits = List.copyOf(culprits);
            trials = List.copyOf(trials);
        }
    }

    /** The test: does the cell fail with this subset applied? A rerun that cannot decide should count as a pass. */
    @FunctionalInterface
    public interface FailureTest<T> {
        boolean fails(List<T> subset) throws InterruptedException;
    }

    private final int maxTests;
    private final Comparator<? super T> mostLikelyFirst;
    private final int singlesFirst;

    private Ddmin(int maxTests, Comparator<? super T> mostLikelyFirst, int singlesFirst) {
        this.maxTests = maxTests;
        this.mostLikelyFirst = mostLikelyFirst;
        this.singlesFirst = singlesFirst;
    }

    /** A ddmin that runs at most {@code maxTests} tests (the full-set and empty-set checks included). */
    public static <T> Ddmin<T> withCap(int maxTests) {
        if (maxTests < 2) {
            throw new IllegalArgumentException("maxTests must be at least 2 (the full set and the empty set), was " + maxTests);
        }
        return new Ddmin<>(maxTests, null, 0);
    }

    /** Orders the candidates most likely first (stable: ties keep the caller's order). */
    public Ddmin<T> likelyFirst(Comparator<? super T> order) {
        return new Ddmin<>(maxTests, Objects.requireNonNull(order, "order"), singlesFirst);
    }

    /** Before ddmin, tries each of the first {@code count} candidates (after ordering) alone. */
    public Ddmin<T> trySinglesFirst(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0, was " + count);
        }
        return new Ddmin<>(maxTests, mostLikelyFirst, count);
    }

    public Result<T> minimize(List<T> candidates, FailureTest<T> test) throws InterruptedException {
        Objects.requireNonNull(test, "test");
        List<T> items = new ArrayList<>(Objects.requireNonNull(candidates, "candidates"));
        if (new HashSet<>(items).size() != items.size()) {
            throw new IllegalArgumentException("candidates must be distinct: " + candidates);
        }
        List<T> ordered = new ArrayList<>(items);
        if (mostLikelyFirst != null) {
            ordered.sort(mostLikelyFirst);
        }
        Search<T> search = new Search<>(ordered, test, maxTests);
        BitSet all = new BitSet();
        all.set(0, ordered.size());
        if (!search.fails(all)) {
            return search.result(Verdict.FULL_SET_PASSES, new BitSet(), items);
        }
        if (search.fails(new BitSet())) {
            return search.result(Verdict.EMPTY_SET_FAILS, new BitSet(), items);
        }
        for (int i = 0; i < Math.min(singlesFirst, ordered.size()) && search.canTest(); i++) {
            BitSet single = new BitSet();
            single.set(i);
            if (search.fails(single)) {
                // The empty set passes, so a failing single element is 1-minimal.
                return search.result(Verdict.MINIMAL, single, items);
            }
        }
        return search.ddmin(all, items);
    }

    /** One minimisation's state: the memo, the count and the log. */
    private static final class Search<T> {
        private final List<T> ordered;
        private final FailureTest<T> test;
        private final int maxTests;
        private final Map<BitSet, Boolean> memo = new HashMap<>();
        private final List<Trial<T>> trials = new ArrayList<>();
        private int cacheHits;

        Search(List<T> ordered, FailureTest<T> test, int maxTests) {
            this.ordered = ordered;
            this.test = test;
            this.maxTests = maxTests;
        }

        boolean canTest() {
            return trials.size() < maxTests;
        }

        boolean known(BitSet subset) {
            return memo.containsKey(subset);
        }

        /** Callers check {@link #canTest()} or {@link #known} first. */
        boolean fails(BitSet subset) throws InterruptedException {
            Boolean cached = memo.get(subset);
            if (cached != null) {
                cacheHits++;
                return cached;
            }
            List<T> elements = elements(subset);
            boolean failed = test.fails(elements);
            memo.put((BitSet) subset.clone(), failed);
            trials.add(new Trial<>(elements, failed));
            return failed;
        }

        Result<T> ddmin(BitSet start, List<T> callerOrder) throws InterruptedException {
            BitSet current = start;
            int n = 2;
            while (current.cardinality() >= 2) {
                List<BitSet> chunks = split(current, n);
                BitSet next = null;
                int nextN = n;
                // Reduce to a subset: a chunk alone fails.
                for (BitSet chunk : chunks) {
                    if (!known(chunk) && !canTest()) {
                        return result(Verdict.CAP_REACHED, current, callerOrder);
                    }
                    if (fails(chunk)) {
                        next = chunk;
                        nextN = 2;
                        break;
                    }
                }
                // Reduce to a complement: all but one chunk fails (with two chunks the complements are the chunks).
                if (next == null && n > 2) {
                    for (BitSet chunk : chunks) {
                        BitSet complement = (BitSet) current.clone();
                        complement.andNot(chunk);
                        if (!known(complement) && !canTest()) {
                            return result(Verdict.CAP_REACHED, current, callerOrder);
                        }
                        if (fails(complement)) {
                            next = complement;
                            nextN = Math.max(n - 1, 2);
                            break;
                        }
                    }
                }
                if (next != null) {
                    current = next;
                    n = nextN;
                } else if (n < current.cardinality()) {
                    n = Math.min(current.cardinality(), 2 * n);
                } else {
                    break;
                }
            }
            return result(Verdict.MINIMAL, current, callerOrder);
        }

        /** {@code set} split into {@code n} contiguous chunks of nearly equal size, in list order. */
        private static List<BitSet> split(BitSet set, int n) {
            int[] members = set.stream().toArray();
            List<BitSet> chunks = new ArrayList<>(n);
            int from = 0;
            for (int i = 0; i < n; i++) {
                int to = from + (members.length - from) / (n - i);
                BitSet chunk = new BitSet();
                for (int j = from; j < to; j++) {
                    chunk.set(members[j]);
                }
                chunks.add(chunk);
                from = to;
            }
            return chunks;
        }

        private List<T> elements(BitSet subset) {
            return subset.stream().mapToObj(ordered::get).toList();
        }

        Result<T> result(Verdict verdict, BitSet culprits, List<T> callerOrder) {
            List<T> found = elements(culprits);
            List<T> inCallerOrder = callerOrder.stream().filter(found::contains).toList();
            return new Result<>(verdict, inCallerOrder, trials.size(), cacheHits, trials);
        }
    }
}
