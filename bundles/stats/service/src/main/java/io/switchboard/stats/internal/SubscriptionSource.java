package io.switchboard.stats.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.switchboard.subscription.SubscriptionService;

/** The data subscriptions in the subscription index, and the distinct patterns they are on. */
@Component(service = Source.class)
public final class SubscriptionSource implements Source {

    private final SubscriptionService subscriptions;

    @Activate
    public SubscriptionSource(@Reference SubscriptionService subscriptions) {
        this.subscriptions = subscriptions;
    }

    @Override
    public void read(Readings readings) {
        SubscriptionService service = subscriptions;
        readings.gauge("switchboard.data.subscriptions", "data subscriptions (on a path or pattern) in this runtime", service.subscriptions().size());
        readings.gauge("switchboard.data.subscription.patterns", "distinct paths and patterns the data subscriptions are on", service.patterns().size());
    }
}
