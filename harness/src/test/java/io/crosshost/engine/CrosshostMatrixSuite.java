package io.crosshost.engine;

import org.junit.platform.suite.api.IncludeEngines;
import org.junit.platform.suite.api.SelectDirectories;
import org.junit.platform.suite.api.Suite;

/**
 * The entry class that lets Surefire run a matrix as tests, each cell its own test case:
 * <pre>mvn -pl harness test -Dtest=CrosshostMatrixSuite -Dcrosshost.matrix=../scenarios/matrices/lab.yaml</pre>
 * Its name matches neither *Test nor *IT on purpose, so the project's own test run does not start a matrix.
 * The matrix and the filters come from the crosshost.* system properties (see {@link CrosshostConfiguration}).
 */
@Suite
@IncludeEngines("crosshost")
@SelectDirectories("../scenarios")
public class CrosshostMatrixSuite {
}
