package io.crosshost.jupiter;

import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs the test method once per cell of a matrix: every image on every host of {@link Matrix} (or of the
 * configuration parameter {@code crosshost.matrix}), narrowed by {@code crosshost.hosts}, {@code crosshost.images},
 * {@code crosshost.tags} and the matrix's own exclusions, as the Crosshost engine narrows a scenario's cells. Each
 * invocation is named like the engine's cell ({@code id / debian-13 @ podman}) and may take a {@link CellContainer}:
 * a fresh container of that image on that host, removed when the invocation ends.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@TestTemplate
@ExtendWith(CrosshostExtension.class)
public @interface CrosshostTest {

    /**
     * The scenario id of the method's cells in names, reports and cell ids ({@code id/image@host}); by default the
     * class's and the method's names in kebab case: {@code process-capabilities-example.effective-set}.
     */
    String id() default "";

    /** The title reports show; by default the method's display name. */
    String title() default "";

    /**
     * The matrix's hosts this method runs on, as shell globs over their names; empty: all. It narrows what the
     * {@code crosshost.hosts} filter leaves, never widens it.
     */
    String[] hosts() default {};

    /** The same for the matrix's images. */
    String[] images() default {};
}
