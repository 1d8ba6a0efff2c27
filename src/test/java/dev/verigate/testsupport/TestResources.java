package dev.verigate.testsupport;

import io.quarkus.test.common.QuarkusTestResource;

/** Test resources every {@code @QuarkusTest} gets: a real Redis (see {@link RedisTestResource}). */
@QuarkusTestResource(RedisTestResource.class)
public final class TestResources {

    private TestResources() {}
}
