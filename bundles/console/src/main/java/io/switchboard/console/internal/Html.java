package io.switchboard.console.internal;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.stream.Collectors;

import org.owasp.encoder.Encode;

/**
 * The few pieces of HTML the Switchboard pages are made of. Everything that comes from outside the
 * page (names, reasons, patterns, user data) goes through {@link #text} or {@link #attribute}:
 * a component's name or a user's custom data is never markup.
 */
final class Html {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    /** The pages' own look, within the console's. */
    static final String STYLE = "<style>.sb-table{width:100%;border-collapse:collapse;margin:8px 0}"
            + ".sb-table th,.sb-table td{border:1px solid #ccc;padding:3px 6px;text-align:left;vertical-align:top;font-size:12px}"
            + ".sb-table th{background:#eee}.sb-state-failed{color:#b00;font-weight:bold}.sb-state-waiting{color:#a60}"
            + ".sb-state-running{color:#070}.sb-state-draining{color:#06a}.sb-message{padding:6px;margin:6px 0;border:1px solid #9c9;"
            + "background:#efe}.sb-error{padding:6px;margin:6px 0;border:1px solid #c99;background:#fee}"
            + ".sb-form{margin:8px 0;padding:6px;border:1px solid #ddd}.sb-form label{margin-right:10px}"
            + ".sb-small{color:#666;font-size:11px}pre.sb-pre{white-space:pre-wrap;margin:0;font-size:11px}</style>";

    private Html() {
    }

    static String text(Object value) {
        return Encode.forHtml(value == null ? "" : value.toString());
    }

    static String attribute(Object value) {
        return Encode.forHtmlAttribute(value == null ? "" : value.toString());
    }

    static String list(Collection<?> values) {
        return values.isEmpty() ? "<span class=\"sb-small\">none</span>" : values.stream().map(Html::text).collect(Collectors.joining(", "));
    }

    static String time(Instant instant) {
        return instant == null ? "" : text(TIME.format(instant));
    }

    /** A small form with one button that posts an action, with hidden fields: name, value, name, value … */
    static String button(String label, String action, String... fields) {
        StringBuilder html = new StringBuilder("<form method=\"post\" style=\"display:inline\"><input type=\"hidden\" name=\"action\" value=\"")
                .append(attribute(action)).append("\">");
        for (int i = 0; i + 1 < fields.length; i += 2) {
            html.append("<input type=\"hidden\" name=\"").append(attribute(fields[i])).append("\" value=\"").append(attribute(fields[i + 1]))
                    .append("\">");
        }
        return html.append("<button type=\"submit\" class=\"ui-button\">").append(text(label)).append("</button></form>").toString();
    }
}
