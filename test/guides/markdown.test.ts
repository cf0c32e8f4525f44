import { describe, expect, it } from "vitest";
import { plainText, render } from "../../src/guides/markdown.js";

/** Stored XSS attempts: none may leave a script, an event handler or a script URL in the HTML. */
const attacks = [
  "<script>alert(1)</script>",
  '<img src=x onerror="alert(1)">',
  "[click](javascript:alert(1))",
  "[click](JaVaScRiPt:alert(1))",
  "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
  "[click](vbscript:msgbox(1))",
  '<a href="javascript:alert(1)">x</a>',
  "![x](javascript:alert(1))",
  '<iframe src="https://evil.example"></iframe>',
  "<svg onload=alert(1)>",
  '<div style="background:url(javascript:alert(1))">x</div>',
  '[x](https://example.org "title" onmouseover=alert(1))',
  "<details open ontoggle=alert(1)>",
  "`<script>alert(1)</script>`",
  "<<script>script>alert(1)<</script>/script>",
  '<form action="https://evil.example"><button>Go</button></form>',
  "[x](//evil.example/steal)",
];

describe("guide Markdown", () => {
  it("renders the Markdown guides use", () => {
    expect(render("See **this** and _that_.")).toBe(
      "<p>See <strong>this</strong> and <em>that</em>.</p>\n",
    );
    expect(render("- one\n- two")).toContain("<li>one</li>");
    expect(render("[NHS](https://www.nhs.uk)")).toBe(
      '<p><a href="https://www.nhs.uk" class="nhsuk-link">NHS</a></p>\n',
    );
    expect(render("# Heading")).toBe("<h3>Heading</h3>\n");
  });

  it.each(attacks)("makes %s harmless", (attack) => {
    const html = render(attack);
    // Every real tag (escaped text is &lt;…&gt;, not a tag) is an allowed one with allowed
    // attributes, and every link goes to a web or mail address.
    for (const [, name, attributes] of html.matchAll(/<\/?([a-zA-Z0-9]+)([^>]*)>/g)) {
      expect(["p", "a", "code", "strong", "em", "pre"]).toContain(name);
      for (const [, attr, value] of attributes!.matchAll(/([a-zA-Z-]+)="([^"]*)"/g)) {
        expect(["href", "class"]).toContain(attr);
        if (attr === "href") expect(value).toMatch(/^(https?:\/\/[a-z]|mailto:)/);
      }
      expect(attributes!.replace(/([a-zA-Z-]+)="[^"]*"/g, "").trim()).toBe("");
    }
  });

  it("gives plain text for search and email", () => {
    expect(plainText("**Bold** <script>x</script> [link](https://a.b)")).toBe(
      "Bold <script>x</script> link",
    );
    expect(plainText("Fish &amp; chips, 5 < 6")).toBe("Fish & chips, 5 < 6");
  });
});
