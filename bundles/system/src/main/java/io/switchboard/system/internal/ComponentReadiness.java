package io.switchboard.system.internal;

import java.util.ArrayList;
import java.util.List;

import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

/**
 * Finds Declarative Services components whose activation failed.
 *
 * <p>A component waiting for a reference is not a failure: components that depend on others
 * legitimately wait for them. A component whose activate method threw is.
 */
final class ComponentReadiness {

    private ComponentReadiness() {
    }

    static List<NotReady> check(ServiceComponentRuntime scr) {
        List<NotReady> problems = new ArrayList<>();
        if (scr == null) {
            problems.add(new NotReady("framework", "declarative-services", "the component runtime is not available"));
            return problems;
        }
        for (ComponentDescriptionDTO description : scr.getComponentDescriptionDTOs()) {
            for (ComponentConfigurationDTO configuration : scr.getComponentConfigurationDTOs(description)) {
                if (configuration.state == ComponentConfigurationDTO.FAILED_ACTIVATION) {
                    problems.add(new NotReady("component", description.name,
                            "activation failed: " + configuration.failure));
                }
            }
        }
        return problems;
    }
}
