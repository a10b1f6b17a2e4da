package io.switchboard.mesh.internal.exchange;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.switchboard.api.mesh.NonBlocking;

/** Which exchange methods say they return without waiting ({@link NonBlocking}), wherever a component's author put it. */
class ExchangeMethodsTest {

    interface Api {
        @NonBlocking
        String marked();

        String markedOnTheClass();

        String unmarked();
    }

    @NonBlocking
    interface AllQuick {
        String one();

        String two(int x);
    }

    public static final class ByApi implements Api {
        @Override
        public String marked() {
            return "";
        }

        @Override
        @NonBlocking
        public String markedOnTheClass() {
            return "";
        }

        @Override
        public String unmarked() {
            return "";
        }
    }

    public static final class ByTypeOfApi implements AllQuick {
        @Override
        public String one() {
            return "";
        }

        @Override
        public String two(int x) {
            return "";
        }
    }

    @NonBlocking
    public static final class MarkedClass {
        public String one() {
            return "";
        }
    }

    public static final class OwnMethods {
        @NonBlocking
        public String quick() {
            return "";
        }

        public String slow(int millis) {
            return "";
        }
    }

    @Test
    void onTheApisMethodOrTheClasssImplementation() {
        ExchangeMethods methods = ExchangeMethods.of(ByApi.class, new Class<?>[] {Api.class});
        assertTrue(methods.nonBlocking("marked", 0));
        assertTrue(methods.nonBlocking("markedOnTheClass", 0));
        assertFalse(methods.nonBlocking("unmarked", 0));
    }

    @Test
    void onATypeForEveryMethodItDeclares() {
        ExchangeMethods byApi = ExchangeMethods.of(ByTypeOfApi.class, new Class<?>[] {AllQuick.class});
        assertTrue(byApi.nonBlocking("one", 0));
        assertTrue(byApi.nonBlocking("two", 1));
        assertTrue(ExchangeMethods.of(MarkedClass.class, new Class<?>[0]).nonBlocking("one", 0));
    }

    @Test
    void onlyTheMethodOfThatNameAndArgumentCount() {
        ExchangeMethods methods = ExchangeMethods.of(OwnMethods.class, new Class<?>[0]);
        assertTrue(methods.nonBlocking("quick", 0));
        assertFalse(methods.nonBlocking("quick", 1), "no such method");
        assertFalse(methods.nonBlocking("slow", 1));
        assertFalse(methods.nonBlocking("absent", 0));
    }
}
