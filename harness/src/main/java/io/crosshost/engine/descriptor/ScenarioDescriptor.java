package io.crosshost.engine.descriptor;

import io.crosshost.engine.CrosshostExecutionContext;
import io.crosshost.scenario.Scenario;
import org.junit.platform.engine.TestTag;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.AbstractTestDescriptor;
import org.junit.platform.engine.support.descriptor.FilePosition;
import org.junit.platform.engine.support.descriptor.FileSource;
import org.junit.platform.engine.support.hierarchical.Node;

import java.util.LinkedHashSet;
import java.util.Set;

/** A scenario: the container of its images. Its source is the scenario's place in its file. */
public final class ScenarioDescriptor extends AbstractTestDescriptor implements Node<CrosshostExecutionContext> {

    private final Scenario scenario;

    public ScenarioDescriptor(UniqueId id, Scenario scenario) {
        super(id, scenario.id() + ": " + scenario.title(), FileSource.from(scenario.source().file().toFile(),
                FilePosition.from(scenario.source().line(), scenario.source().column())));
        this.scenario = scenario;
    }

    public Scenario scenario() {
        return scenario;
    }

    @Override
    public Type getType() {
        return Type.CONTAINER;
    }

    @Override
    public String getLegacyReportingName() {
        return scenario.id();
    }

    @Override
    public Set<TestTag> getTags() {
        return tags(scenario);
    }

    static Set<TestTag> tags(Scenario scenario) {
        Set<TestTag> tags = new LinkedHashSet<>();
        scenario.tags().stream().filter(TestTag::isValid).map(TestTag::create).forEach(tags::add);
        return tags;
    }
}
