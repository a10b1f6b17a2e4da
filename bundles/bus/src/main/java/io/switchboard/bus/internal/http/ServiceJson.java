package io.switchboard.bus.internal.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.switchboard.bus.internal.ServiceRegistry;

/** A service as answered: {@code {"id", "name", "version", "description", "meta", "state", "registeredAt", "renewedAt", "leaseEndsAt"}}. */
final class ServiceJson {

    private ServiceJson() {
    }

    static ObjectNode one(ServiceRegistry registry, ServiceRegistry.Service service) {
        ObjectNode json = HttpIo.JSON.createObjectNode();
        json.put("id", service.id()).put("name", service.name()).put("version", service.version());
        if (service.description() != null) {
            json.put("description", service.description());
        }
        if (service.meta() != null) {
            json.set("meta", service.meta());
        }
        json.put("state", registry.state(service));
        json.put("registeredAt", service.registeredAt()).put("renewedAt", service.renewedAt()).put("leaseEndsAt", registry.leaseEnds(service));
        return json;
    }

    static ObjectNode list(ServiceRegistry registry) {
        ObjectNode json = HttpIo.JSON.createObjectNode();
        ArrayNode services = json.putArray("services");
        registry.list().forEach(service -> services.add(one(registry, service)));
        return json;
    }

    static ObjectNode registered(ServiceRegistry registry, ServiceRegistry.Registered registered) {
        return one(registry, registered.service()).put("token", registered.token());
    }
}
