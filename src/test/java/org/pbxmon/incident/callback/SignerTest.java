package org.pbxmon.incident.callback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class SignerTest {
    @Test
    void reproducesTheStandardWebhooksTestVector() {
        // the vector of the Standard Webhooks reference libraries: a receiver's library must accept ours
        Signer s = Signer.of("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        assertEquals("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
                s.sign("msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330L,
                        "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aPlainSecretIsItsUtf8Bytes() {
        String plain = "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        String asPlain = Signer.of(plain).sign("id", 1, body);
        String asWhsec = Signer.of("whsec_" + Base64.getEncoder().encodeToString(plain.getBytes(StandardCharsets.UTF_8)))
                .sign("id", 1, body);
        assertEquals(asWhsec, asPlain);
        assertNotEquals(asPlain, Signer.of("whsec_" + plain).sign("id", 1, body));
    }

    @Test
    void everyPartIsSigned() {
        Signer s = Signer.of("k");
        byte[] body = "a".getBytes(StandardCharsets.UTF_8);
        String base = s.sign("id", 10, body);
        assertNotEquals(base, s.sign("id2", 10, body));
        assertNotEquals(base, s.sign("id", 11, body));
        assertNotEquals(base, s.sign("id", 10, "b".getBytes(StandardCharsets.UTF_8)));
        assertEquals(base, s.sign("id", 10, body));
    }

    @Test
    void badSecretsAreRefusedWithoutShowingThem() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Signer.of("whsec_not*base64!"));
        assertFalse(e.getMessage().contains("not*base64"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Signer.of(""));
        assertThrows(IllegalArgumentException.class, () -> Signer.of("whsec_"));
        assertFalse(Signer.of("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").toString().contains("MfKQ"));
    }
}
