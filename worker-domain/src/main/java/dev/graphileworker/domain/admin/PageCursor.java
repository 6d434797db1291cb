package dev.graphileworker.domain.admin;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The cursor of a job listing: the id of the last job of a page, wrapped so that callers treat it as
 * opaque text (and so that a number typed by hand is not mistaken for one).
 */
public final class PageCursor {

    private static final String PREFIX = "job:";

    private PageCursor() {
    }

    /**
     * @param lastJobId the id of the last job of a page
     * @return the cursor of the page after it
     */
    public static String after(long lastJobId) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((PREFIX + lastJobId).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * @param cursor a cursor {@link #after(long)} made
     * @return the id of the last job of the previous page
     * @throws IllegalArgumentException when the text is not such a cursor
     */
    public static long lastJobId(String cursor) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (text.startsWith(PREFIX)) {
                return Long.parseLong(text.substring(PREFIX.length()));
            }
        } catch (IllegalArgumentException notBase64OrNotANumber) {
            // reported below, with the text
        }
        throw new IllegalArgumentException("'" + cursor + "' is not a page cursor of this listing: pass the"
                + " nextCursor of the previous page unchanged, or no cursor for the first page");
    }
}
