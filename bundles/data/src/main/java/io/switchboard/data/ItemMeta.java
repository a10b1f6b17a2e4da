package io.switchboard.data;

import org.osgi.annotation.versioning.ProviderType;

/** What the store knows about a document besides its data. */
@ProviderType
public interface ItemMeta {

    /** The document's path. */
    String path();

    /** When the document was first stored, in milliseconds since the epoch. */
    long created();

    /** When the document was last changed, in milliseconds since the epoch. */
    long modified();

    /** Who made the last change (a user or component name), or {@code null} when not known. */
    String modifiedBy();

    /**
     * A number that grows with every change in the store: a later change to the same path always
     * has a larger version. Subscribers use it to tell an old event from a new one.
     */
    long version();
}
