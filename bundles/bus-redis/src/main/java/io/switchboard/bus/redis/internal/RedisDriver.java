package io.switchboard.bus.redis.internal;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.switchboard.bus.TopicSettings;
import io.switchboard.bus.spi.BusDriver;
import io.switchboard.bus.spi.TopicQueue;
import io.switchboard.system.health.HealthCheck;
import io.switchboard.system.health.HealthStatus;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * The {@code redis} driver, configured by URL ({@code etc/io.switchboard.bus.redis.cfg}, {@code url =
 * redis://host:port[/db]}; it runs only when configured). Topics on it are shared by every runtime
 * that uses the same server. A server that goes away fails the operations of its topics with
 * {@code bus.driver-unavailable} and makes the health check {@value #HEALTH} DOWN, the rest of the bus
 * going on; it is pinged every second and used again as soon as it answers.
 */
@Component(service = {BusDriver.class, HealthCheck.class}, property = BusDriver.NAME + "=" + RedisDriver.NAME,
        configurationPid = "io.switchboard.bus.redis", configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = RedisDriver.Config.class)
public final class RedisDriver implements BusDriver, HealthCheck {

    public static final String NAME = "redis";
    static final String HEALTH = "bus.redis";
    private static final Logger LOG = LoggerFactory.getLogger(RedisDriver.class);

    @ObjectClassDefinition(name = "Switchboard bus: redis driver")
    public @interface Config {
        @AttributeDefinition(description = "the server, redis://[user:password@]host:port[/database]")
        String url() default "redis://127.0.0.1:6379";

        @AttributeDefinition(description = "how long an operation waits for the server, in milliseconds")
        int timeoutMillis() default 2000;
    }

    private final JedisPooled redis;
    private final Scripts scripts;
    private final Map<String, RedisQueue> queues = new ConcurrentHashMap<>();
    private final ScheduledExecutorService pinger = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "switchboard-bus-redis-ping");
        thread.setDaemon(true);
        return thread;
    });
    private volatile HealthStatus status = HealthStatus.down("not yet reached");

    @Activate
    public RedisDriver(Config config) {
        URI url = URI.create(config.url());
        DefaultJedisClientConfig.Builder client = DefaultJedisClientConfig.builder().timeoutMillis(config.timeoutMillis());
        String userInfo = url.getUserInfo();
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            if (colon >= 0) {
                if (colon > 0) {
                    client.user(userInfo.substring(0, colon));
                }
                client.password(userInfo.substring(colon + 1));
            } else {
                client.password(userInfo);
            }
        }
        String path = url.getPath();
        if (path != null && path.length() > 1) {
            client.database(Integer.parseInt(path.substring(1)));
        }
        this.redis = new JedisPooled(new HostAndPort(url.getHost(), url.getPort() < 0 ? 6379 : url.getPort()), client.build());
        this.scripts = new Scripts(redis);
        ping();
        pinger.scheduleWithFixedDelay(this::ping, 1, 1, TimeUnit.SECONDS);
    }

    private void ping() {
        try {
            redis.ping();
            if (!status.ready()) {
                LOG.info("bus: the Redis server answers; its topics work");
            }
            status = HealthStatus.up();
        } catch (RuntimeException e) {
            if (status.ready()) {
                LOG.warn("bus: the Redis server does not answer ({}); its topics fail with bus.driver-unavailable until it does", e.getMessage());
            }
            status = HealthStatus.down("the bus's Redis server does not answer: " + e.getMessage());
        }
    }

    @Override
    public TopicQueue open(String topic, TopicSettings settings) {
        RedisQueue queue = queues.get(topic);
        if (queue == null) {
            queue = new RedisQueue(redis, scripts, topic, settings);
            queues.put(topic, queue);
        } else {
            queue.configure(settings);
        }
        return queue;
    }

    @Override
    public void delete(String topic) {
        queues.remove(topic);
        String cursor = ScanParams.SCAN_POINTER_START;
        ScanParams match = new ScanParams().match(RedisQueue.prefix(topic).replace("{", "\\{").replace("}", "\\}") + "*").count(500);
        do {
            ScanResult<String> page = redis.scan(cursor, match);
            if (!page.getResult().isEmpty()) {
                redis.del(page.getResult().toArray(new String[0]));
            }
            cursor = page.getCursor();
        } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
    }

    @Override
    public HealthStatus health() {
        return status;
    }

    @Override
    public String name() {
        return HEALTH;
    }

    @Override
    public HealthStatus check() {
        return status;
    }

    @Deactivate
    public void close() {
        pinger.shutdownNow();
        redis.close();
    }
}
