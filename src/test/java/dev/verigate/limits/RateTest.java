package dev.verigate.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RateTest {

    @Test
    void parsesListsOfBandwidths() {
        assertEquals(
                List.of(new Rate(3, Duration.ofMinutes(10)), new Rate(10, Duration.ofHours(24))),
                Rate.parseAll("3/10m,10/24h"));
        assertEquals(List.of(new Rate(100, Duration.ofSeconds(1))), Rate.parseAll(" 100 / s "));
        assertEquals(List.of(new Rate(5, Duration.ofMillis(250))), Rate.parseAll("5/250ms"));
        assertEquals(List.of(new Rate(2, Duration.ofDays(1))), Rate.parseAll("2/1d"));
        assertEquals(List.of(new Rate(7, Duration.ofSeconds(30))), Rate.parseAll("7/30"));
    }

    @Test
    void refusesWhatIsNotARate() {
        for (String bad : new String[] {"", "3", "3/", "x/1m", "3/1y", "0/1m", "3/0s", "-1/1m", "3/10m,"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Rate.parseAll(bad), bad);
            assertTrue(e.getMessage().length() > 5);
        }
    }

    @Test
    void windowIsWholeSecondsRoundedUp() {
        assertEquals(1, new Rate(5, Duration.ofMillis(250)).windowSeconds());
        assertEquals(600, new Rate(3, Duration.ofMinutes(10)).windowSeconds());
    }
}
