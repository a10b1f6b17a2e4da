package io.switchboard.launcher;

import java.util.Arrays;

import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

/**
 * The banner's cluster line: this node's name and address, and the members it sees, read from the
 * properties of the cluster bundle's service (the launcher cannot load its classes).
 */
final class ClusterBanner {

    /** Keep in step with io.switchboard.cluster.Cluster. */
    static final String NODE_PROPERTY = "switchboard.cluster.node";
    static final String MEMBERS_PROPERTY = "switchboard.cluster.members";

    private ClusterBanner() {
    }

    static String line(BundleContext context, ClusterOptions cluster) {
        String address = cluster.host() + ":" + cluster.port();
        try {
            ServiceReference<?>[] found = context.getServiceReferences((String) null, "(" + NODE_PROPERTY + "=*)");
            if (found != null && found.length > 0) {
                Object members = found[0].getProperty(MEMBERS_PROPERTY);
                String names = members instanceof String[] list ? String.join(", ", Arrays.asList(list)) : String.valueOf(members);
                return "node " + cluster.nodeName() + " on " + address + ", members: " + names;
            }
        } catch (InvalidSyntaxException | IllegalStateException e) {
            // stopping: say what is known
        }
        return "node " + cluster.nodeName() + " on " + address + ", not joined yet";
    }
}
