package org.ae4j.core.engine.host;

import org.ae4j.core.engine.Backend;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Runs each test of a class on two of ae4j's threads (so that work is cut in blocks), then restores the default. */
final class TwoThreads implements BeforeEachCallback, AfterEachCallback {
    @Override
    public void beforeEach(ExtensionContext context) {
        Backend.configure(2);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Backend.configure(Backend.defaultThreads());
    }
}
