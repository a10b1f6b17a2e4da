package io.switchboard.mesh.internal.logging;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.switchboard.system.log.LogText;

/**
 * The levels of the components' loggers from ConfigAdmin, PID {@value #PID}, applied while the
 * components run (no restart): {@code defaultLevel = INFO} and one {@code level.<component> = DEBUG}
 * per component, for example in {@code etc/io.switchboard.logging.cfg}. A key or a value it does not
 * know is logged and ignored; the rest of the configuration still applies.
 */
@Component(service = {}, immediate = true, configurationPid = LogLevelsConfiguration.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
public final class LogLevelsConfiguration {

    public static final String PID = "io.switchboard.logging";
    static final String DEFAULT_LEVEL = "defaultLevel";
    static final String LEVEL_PREFIX = "level.";
    /** Operators write the keys, but a configuration is still input: this many components at most. */
    static final int MAX_COMPONENTS = 1_000;
    /** Ignored entries named in the warning; the rest are counted. */
    private static final int MAX_LISTED = 10;

    private static final Logger LOG = LoggerFactory.getLogger(LogLevelsConfiguration.class);
    private static final Pattern COMPONENT_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]*");
    /** Keys ConfigAdmin, FileInstall and DS add to every configuration. */
    private static final List<String> FRAMEWORK_KEYS = List.of("service.", "component.", "felix.", "osgi.", ":");

    @Activate
    @Modified
    void apply(Map<String, Object> properties) {
        List<String> ignored = new ArrayList<>();
        Level defaultLevel = ComponentLevels.DEFAULT;
        Map<String, Level> byComponent = new TreeMap<>();
        for (Map.Entry<String, Object> entry : new TreeMap<>(properties).entrySet()) {
            String key = entry.getKey();
            Level level = ComponentLevels.parse(String.valueOf(entry.getValue()));
            if (FRAMEWORK_KEYS.stream().anyMatch(key::startsWith)) {
                continue;
            }
            if (key.equals(DEFAULT_LEVEL) && level != null) {
                defaultLevel = level;
            } else if (key.startsWith(LEVEL_PREFIX) && COMPONENT_NAME.matcher(key.substring(LEVEL_PREFIX.length())).matches()
                    && level != null && byComponent.size() < MAX_COMPONENTS) {
                byComponent.put(key.substring(LEVEL_PREFIX.length()), level);
            } else {
                ignored.add(LogText.of(key, 64) + " = " + LogText.of(entry.getValue(), 64));
            }
        }
        if (!ignored.isEmpty()) {
            LOG.warn("{}: ignored {}{} (expected {} or {}<component name> = TRACE, DEBUG, INFO, WARN, ERROR or OFF; at most {} "
                    + "components)", PID, ignored.subList(0, Math.min(ignored.size(), MAX_LISTED)),
                    ignored.size() > MAX_LISTED ? " and " + (ignored.size() - MAX_LISTED) + " more" : "", DEFAULT_LEVEL, LEVEL_PREFIX,
                    MAX_COMPONENTS);
        }
        ComponentLevels.set(defaultLevel, byComponent);
        LOG.info("component log levels: {} by default{}", name(defaultLevel), byComponent.isEmpty() ? "" : ", " + names(byComponent));
    }

    @Deactivate
    void deactivate() {
        ComponentLevels.reset();
    }

    private static String names(Map<String, Level> byComponent) {
        List<String> names = new ArrayList<>();
        byComponent.forEach((component, level) -> names.add(component + " " + name(level)));
        return String.join(", ", names);
    }

    /** The level as an operator writes it (WARN, not WARNING). */
    static String name(Level level) {
        return level == Level.WARNING ? "WARN" : level.getName();
    }
}
