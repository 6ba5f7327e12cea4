package org.ae4j.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class EngineSelectionTest {

    @Test
    void theCpuBackendDefaultsToHostAndAnyOtherToPortable() {
        assertEquals(Engine.HOST, Engine.Selection.choose(null, true).name());
        assertEquals(Engine.HOST, Engine.Selection.choose(" ", true).name());
        assertEquals(Engine.PORTABLE, Engine.Selection.choose(null, false).name());
    }

    @Test
    void aSettingChoosesEitherOnTheCpuAndOnlyPortableElsewhere() {
        assertEquals(Engine.PORTABLE, Engine.Selection.choose(" Portable ", true).name());
        assertEquals(Engine.HOST, Engine.Selection.choose("HOST", true).name());
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Engine.Selection.choose("host", false));
        assertTrue(e.getMessage().contains("needs ND4J's CPU backend") && e.getMessage().contains("portable"),
                e.getMessage());
    }

    @Test
    void anUnknownEngineIsOneClearLine() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Engine.Selection.choose("gpu", true));
        assertEquals("AE4J_ENGINE must be 'host' or 'portable', got 'gpu'", e.getMessage());
    }

    @Test
    void theProcessEngineFollowsTheSetting() {
        String setting = Engine.Selection.setting();
        String want = setting == null || setting.isBlank() ? Engine.HOST : setting.trim().toLowerCase();
        assertEquals(want, Engine.current().name(), "this JVM runs ND4J's CPU backend");
    }
}
