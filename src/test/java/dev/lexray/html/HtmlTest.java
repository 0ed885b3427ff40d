package dev.lexray.html;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The one escaper, CSP hasher and SVG builder that every page shares. */
class HtmlTest {
    static final String HOSTILE = "<script>alert('x')</script>\"&";

    @Test
    void escapingCoversTextAttributesAndScripts() {
        assertThat(Html.escape("<a href=\"x\">'&'</a>")).isEqualTo("&lt;a href=&#34;x&#34;>&#39;&amp;&#39;&lt;/a>");
        assertThat(Html.escape("plain")).isEqualTo("plain");
        assertThat(Html.scriptSafeJson("{\"t\":\"</script><!--&\u2028\u2029\"}"))
                .isEqualTo("{\"t\":\"\\u003c/script\\u003e\\u003c!--\\u0026\\u2028\\u2029\"}");
    }

    @Test
    void cspHashesAreTheBase64Sha256OfTheExactContent() {
        assertThat(Html.cspHash("")).isEqualTo("'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='");
        assertThat(Html.cspHash("a")).isNotEqualTo(Html.cspHash("a "));
    }

    @Test
    void svgEscapesEveryAttributeAndText() {
        String svg = new Svg().open("svg", "aria-label", HOSTILE).element("text", HOSTILE, "x", 1)
                .empty("rect", "class", HOSTILE).close("svg").toString();
        String escaped = "&lt;script>alert(&#39;x&#39;)&lt;/script>&#34;&amp;";
        assertThat(svg).isEqualTo("<svg aria-label=\"" + escaped + "\"><text x=\"1\">" + escaped + "</text>"
                + "<rect class=\"" + escaped + "\"/></svg>");
        assertThatThrownBy(() -> new Svg().open("g", "lonely")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void svgNumbersUseADotInEveryLocale() {
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(Locale.GERMANY);
            assertThat(Svg.fixed(1.25, 1)).isEqualTo("1.3");
            assertThat(Svg.fixed(-0.5, 2)).isEqualTo("-0.50");
        } finally {
            Locale.setDefault(before);
        }
    }
}
