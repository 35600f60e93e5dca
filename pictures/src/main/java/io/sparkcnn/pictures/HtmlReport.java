package io.sparkcnn.pictures;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One self-contained HTML page: headings, tables and pictures embedded as data URIs, so the page can be mailed,
 * attached to a ticket or opened from a cluster's output directory with nothing beside it. A picture may be added
 * before it is drawn ({@link #picture(Supplier, String)}): the page waits for it when it is put together.
 */
public final class HtmlReport {
    /** The body's parts in order; a picture's is made only when the page is. */
    private final List<Supplier<String>> parts = new ArrayList<>();
    private final String title;

    public HtmlReport(String title) {
        this.title = title;
    }

    public HtmlReport heading(String text) {
        return append("<h2>" + escape(text) + "</h2>\n");
    }

    public HtmlReport paragraph(String text) {
        return append("<p>" + escape(text) + "</p>\n");
    }

    /** A two-column table of names and values, in the map's order. */
    public HtmlReport keyValues(Map<String, ?> entries) {
        StringBuilder body = new StringBuilder();
        body.append("<table class=\"kv\">\n");
        entries.forEach((k, v) -> body.append("<tr><th>").append(escape(k)).append("</th><td>")
                .append(escape(String.valueOf(v))).append("</td></tr>\n"));
        body.append("</table>\n");
        return append(body.toString());
    }

    /** A table with a header row. */
    public HtmlReport table(List<String> header, List<List<String>> rows) {
        StringBuilder body = new StringBuilder();
        body.append("<table>\n<tr>");
        header.forEach(h -> body.append("<th>").append(escape(h)).append("</th>"));
        body.append("</tr>\n");
        for (List<String> row : rows) {
            body.append("<tr>");
            row.forEach(cell -> body.append("<td>").append(escape(cell)).append("</td>"));
            body.append("</tr>\n");
        }
        body.append("</table>\n");
        return append(body.toString());
    }

    /** A PNG embedded in the page, with a caption. */
    public HtmlReport picture(byte[] png, String caption) {
        return picture(() -> png, caption);
    }

    /** A PNG embedded in the page, with a caption, taken from {@code png} when the page is put together. */
    public HtmlReport picture(Supplier<byte[]> png, String caption) {
        parts.add(() -> "<figure><img src=\"" + Png.dataUri(png.get()) + "\" alt=\"" + escape(caption)
                + "\"><figcaption>" + escape(caption) + "</figcaption></figure>\n");
        return this;
    }

    private HtmlReport append(String html) {
        parts.add(() -> html);
        return this;
    }

    public String html() {
        StringBuilder body = new StringBuilder();
        parts.forEach(part -> body.append(part.get()));
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + escape(title)
                + "</title>\n<style>\n"
                + "body{font-family:sans-serif;margin:2em;color:#222;max-width:1200px}\n"
                + "table{border-collapse:collapse;margin:0.5em 0 1.5em}\n"
                + "th,td{border:1px solid #ccc;padding:3px 8px;text-align:left;font-size:13px}\n"
                + "table.kv th{background:#f3f3f3}\n"
                + "figure{display:inline-block;margin:0.5em 1em 1em 0;vertical-align:top}\n"
                + "figcaption{font-size:12px;color:#555}\n"
                + "img{image-rendering:pixelated;max-width:100%}\n"
                + "</style></head><body>\n<h1>" + escape(title) + "</h1>\n" + body + "</body></html>\n";
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
