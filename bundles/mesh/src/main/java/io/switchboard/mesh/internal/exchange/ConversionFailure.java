package io.switchboard.mesh.internal.exchange;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.api.mesh.MeshErrors;

/**
 * Why a value could not cross between class spaces, in the terms of whoever sent it: where in the
 * value ({@code field 'reading.value'}, empty for the value itself) and what was wrong, never a
 * Java class name. The caller of {@link Conversion} names the value (an argument, a result, a
 * payload) and picks the code for an unreadable one.
 */
public final class ConversionFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** What went wrong. */
    public enum Kind {
        /** The value fits the type only by inventing or losing a value: {@link MeshErrors#INCOMPATIBLE_DATA}. */
        INCOMPATIBLE,
        /** The value is not of the type at all (a text where an object is expected). */
        UNREADABLE,
        /** The value cannot be written as data: too deep, refers to itself, or not data at all. */
        UNWRITABLE
    }

    private final Kind kind;
    private final String where;
    private final String reason;

    ConversionFailure(Kind kind, String where, String reason) {
        super(where.isEmpty() ? reason : where + ": " + reason, null, false, false);
        this.kind = kind;
        this.where = where;
        this.reason = reason;
    }

    public Kind kind() {
        return kind;
    }

    /**
     * The failure for a caller, with {@code subject} naming the value ("deviceManager@2.0.0 update:
     * argument 1"), and {@code unreadableCode} used unless the data was merely incompatible.
     */
    public SwitchboardException toException(String subject, String unreadableCode) {
        String code = kind == Kind.INCOMPATIBLE ? MeshErrors.INCOMPATIBLE_DATA : unreadableCode;
        return new SwitchboardException(code, subject + (where.isEmpty() ? "" : " " + where) + ": " + reason);
    }
}
