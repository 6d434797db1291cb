package dev.graphileworker.spring.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class HiddenFormFieldsTest {

    @Test
    void eachFormSentWithPostGetsTheFieldsRightAfterItsOpeningTag() {
        String page = "<form class=\"filters\" method=\"get\" action=\"/q/jobs\"><input name=\"task\"></form>"
                + "<form method=\"post\" action=\"/q/jobs/1/retry\" class=\"action\"><input type=\"hidden\" name=\"csrf\">"
                + "</form><FORM METHOD=POST action=\"/q/jobs/actions\"></FORM>";

        String changed = HiddenFormFields.addTo(page, () -> Map.of("_csrf", "a\"b<c"));

        String field = "<input type=\"hidden\" name=\"_csrf\" value=\"a&quot;b&lt;c\">";
        assertThat(changed).isEqualTo("<form class=\"filters\" method=\"get\" action=\"/q/jobs\"><input name=\"task\"></form>"
                + "<form method=\"post\" action=\"/q/jobs/1/retry\" class=\"action\">" + field
                + "<input type=\"hidden\" name=\"csrf\"></form><FORM METHOD=POST action=\"/q/jobs/actions\">" + field
                + "</FORM>");
    }

    @Test
    void aPageWithoutSuchFormsIsLeftAsItIsWithoutAskingForTheFields() {
        AtomicInteger asked = new AtomicInteger();
        String page = "<p>&lt;form method=\"post\"&gt;</p><form method=\"get\"></form>";

        assertThat(HiddenFormFields.addTo(page, () -> {
            asked.incrementAndGet();
            return Map.of("_csrf", "t");
        })).isSameAs(page);
        assertThat(asked).hasValue(0);
    }

    @Test
    void withoutFieldsThePageIsUnchanged() {
        String page = "<form method=\"post\"></form>";

        assertThat(HiddenFormFields.addTo(page, Map::of)).isSameAs(page);
    }
}
