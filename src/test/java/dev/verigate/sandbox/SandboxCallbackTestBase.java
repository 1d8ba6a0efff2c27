package dev.verigate.sandbox;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.verigate.testsupport.WireMockCallbacks;
import org.junit.jupiter.api.BeforeEach;

/**
 * What the sandbox callback tests share: WireMock as the app's callback endpoint (injected by
 * {@link WireMockCallbacks}, which the subclass declares with {@link CallbackProfile}), the sandbox API and a
 * journal of the callbacks, emptied before each test.
 */
abstract class SandboxCallbackTestBase {

    @WireMockCallbacks.InjectCallbacks
    WireMockServer app;

    final SandboxApi api = new SandboxApi();
    CallbackJournal journal;

    @BeforeEach
    void resetJournal() {
        journal = new CallbackJournal(app);
        journal.reset();
    }
}
