package org.pbxmon.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SecretTest {
    @Test
    void masksValueAndComparesByValue() {
        Secret s = Secret.of("hunter2");
        assertEquals("******", s.toString());
        assertEquals("hunter2", s.reveal());
        assertFalse(s.isEmpty());
        assertTrue(Secret.of("").isEmpty());
        assertEquals(Secret.of("hunter2"), s);
        assertEquals(Secret.of("hunter2").hashCode(), s.hashCode());
        assertNotEquals(Secret.of("hunter3"), s);
        assertNotEquals("hunter2", s);
        assertEquals("x=******", "x=" + s);
    }

    @Test
    void rejectsNull() {
        assertThrows(NullPointerException.class, () -> Secret.of(null));
    }
}
