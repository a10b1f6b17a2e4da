package io.switchboard.mesh.internal.exchange;

/**
 * An instance whose exchange methods are known as Java methods (one in this JVM), so that a typed
 * proxy on its component can be checked against their parameter and result types, not only their
 * names.
 */
public interface Typed {

    ExchangeMethods exchangeMethods();
}
