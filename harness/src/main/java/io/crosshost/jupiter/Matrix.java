package io.crosshost.jupiter;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The matrix file whose cells a {@link CrosshostTest} runs in, on the method or its class (the method's wins). A
 * relative path is looked up from the working directory and then from each directory above it, so that
 * {@code scenarios/matrices/lab.yaml} names the same file from the repository's root and from a module's. Without
 * it, the configuration parameter {@code crosshost.matrix} names the matrix.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface Matrix {

    String value();
}
