package io.switchboard.mesh.suite;

import io.switchboard.api.mesh.MeshComponent;

/** Components whose declarations are wrong or cannot all be met. */
public final class Cycles {

    private Cycles() {
    }

    @MeshComponent(name = "chicken", dependencies = "egg ^1.0.0")
    public static final class Chicken {
    }

    @MeshComponent(name = "egg", dependencies = "chicken ^1.0.0")
    public static final class Egg {
    }

    @MeshComponent(name = "vague", dependencies = "echo about-one")
    public static final class BadRange {
    }

    @MeshComponent(name = "overloaded")
    public static final class Overloaded {
        public String get(String a) {
            return a;
        }

        public String get(Integer a) {
            return String.valueOf(a);
        }
    }

    @MeshComponent(name = "grumpy")
    public static final class Grumpy {
        public Grumpy() {
            throw new IllegalStateException("not today");
        }
    }

    /** Its class cannot be initialised: a static initialiser throws (missing configuration, a class it needs is absent). */
    @MeshComponent(name = "brittle", dependencies = "echo ^1.0.0")
    public static final class Brittle {
        private static final Object SETTINGS = load();

        private static Object load() {
            throw new IllegalStateException("no settings");
        }

        public Object settings() {
            return SETTINGS;
        }
    }

    @MeshComponent(name = "patient", dependencies = "echo ^1.0.0")
    public static final class Patient {
    }
}
