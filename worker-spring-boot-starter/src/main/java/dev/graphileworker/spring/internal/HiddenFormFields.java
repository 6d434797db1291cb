package dev.graphileworker.spring.internal;

import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Adds hidden fields to each form of a dashboard page that is sent with {@code POST}, right after its
 * opening tag: the token of the application's own CSRF protection, so that its check and the
 * dashboard's both pass. Sound because the dashboard's templates escape every value they show, so each
 * {@code <form} in a page is the dashboard's own markup, never data.
 */
final class HiddenFormFields {

    private static final Pattern FORM_TAG = Pattern.compile("<form\\b[^>]*>", Pattern.CASE_INSENSITIVE);
    private static final Pattern POST = Pattern.compile("\\bmethod\\s*=\\s*[\"']?post\\b", Pattern.CASE_INSENSITIVE);

    private HiddenFormFields() {
    }

    /**
     * @param html a page
     * @param fields the fields to add, asked for only when the page has such a form (asking may start a
     *     session)
     * @return the page with the fields in each form sent with {@code POST}
     */
    static String addTo(String html, Supplier<Map<String, String>> fields) {
        Matcher tags = FORM_TAG.matcher(html);
        StringBuilder page = null;
        String inputs = null;
        int copied = 0;
        while (tags.find()) {
            if (!POST.matcher(tags.group()).find()) {
                continue;
            }
            if (inputs == null) {
                inputs = inputs(fields.get());
                if (inputs.isEmpty()) {
                    return html;
                }
                page = new StringBuilder(html.length() + 256);
            }
            page.append(html, copied, tags.end()).append(inputs);
            copied = tags.end();
        }
        return page == null ? html : page.append(html, copied, html.length()).toString();
    }

    private static String inputs(Map<String, String> fields) {
        StringBuilder inputs = new StringBuilder();
        fields.forEach((name, value) -> inputs.append("<input type=\"hidden\" name=\"").append(escape(name))
                .append("\" value=\"").append(escape(value)).append("\">"));
        return inputs.toString();
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("\"", "&quot;").replace("'", "&#39;").replace("<", "&lt;")
                .replace(">", "&gt;");
    }
}
