package io.switchboard.subscription;

import org.osgi.annotation.versioning.ConsumerType;

import io.switchboard.data.DataEvent;

/**
 * Receives a subscription's events. Returning normally acknowledges the event (for ACKNOWLEDGED
 * writers); throwing reports it as failed. Unless the subscription is {@code inline}, calls for one
 * subscription never overlap and come in the order each writer made its changes.
 */
@ConsumerType
@FunctionalInterface
public interface EventHandler {

    void handle(DataEvent event) throws Exception;
}
