package io.crosshost.engine.descriptor;

import io.crosshost.engine.CrosshostExecutionContext;
import io.crosshost.matrix.ImageSpec;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.AbstractTestDescriptor;
import org.junit.platform.engine.support.hierarchical.Node;

/** An image under a scenario: the container of that image's cells, one per host. */
public final class ImageDescriptor extends AbstractTestDescriptor implements Node<CrosshostExecutionContext> {

    public ImageDescriptor(UniqueId id, ImageSpec image) {
        super(id, image.name());
    }

    @Override
    public Type getType() {
        return Type.CONTAINER;
    }
}
