package io.switchboard.data.postgres.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class StoreSettingsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "jdbc:postgresql://127.0.0.1:5432/switchboard?user=sb|127.0.0.1:5432/switchboard",
            "jdbc:postgresql://db.example.com/sb|db.example.com/sb",
            "jdbc:postgresql://[::1]:5433/sb?ssl=true&sslmode=verify-full|[::1]:5433/sb",
            "jdbc:postgresql://primary:5432,standby:5432/sb?targetServerType=primary|primary:5432,standby:5432/sb",
    })
    void theLocationNamesServersAndDatabaseButNoOption(String url, String location) {
        assertEquals(location, StoreSettings.where(url));
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "postgresql://h/db", "jdbc:mysql://h/db", "jdbc:postgresql://", "jdbc:postgresql://h", "jdbc:postgresql://h/",
            "jdbc:postgresql:///db", "jdbc:postgresql://h:port/db", "jdbc:postgresql://h:99999/db", "jdbc:postgresql://u:p@h/db",
            "jdbc:postgresql://h,/db", "jdbc:postgresql://h x/db" })
    void aURLThatNamesNoServerOrDatabaseIsRefusedSayingWhatItMustLookLike(String url) {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> StoreSettings.where(url));
        assertTrue(refused.getMessage().contains("jdbc:postgresql://") || refused.getMessage().contains("host[:port]"), refused.getMessage());
    }
}
