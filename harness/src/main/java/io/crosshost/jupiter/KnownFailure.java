package io.crosshost.jupiter;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Cells of a {@link CrosshostTest} that are expected to fail, as a scenario's {@code known_failures} says: such a cell
 * that fails is XFAIL (the invocation passes, with the reason and the bug), one that passes is XPASS (the invocation
 * fails: the bug may be fixed there). Hosts and images are shell globs over the matrix's names; empty matches all.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Repeatable(KnownFailures.class)
public @interface KnownFailure {

    String[] hosts() default {};

    String[] images() default {};

    String reason();

    /** A link to the bug, or empty. */
    String bug() default "";
}
