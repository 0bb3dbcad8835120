package io.crosshost.scenario;

/** One command of a scenario and what it must do. Steps of one scenario share one container. */
public record Step(String name, Command command, Expectations expect, SourceLocation source) {
}
