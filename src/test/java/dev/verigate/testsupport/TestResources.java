package dev.verigate.testsupport;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;

/** Test resources every {@code @QuarkusTest} gets: a real Redis (see {@link RedisTestResource}). */
@WithTestResource(value = RedisTestResource.class, scope = TestResourceScope.GLOBAL)
public final class TestResources {

    private TestResources() {}
}
