package io.sparkcnn.pictures;

import java.util.List;
import java.util.Map;

/**
 * One self-contained HTML page: headings, tables and pictures embedded as data URIs, so the page can be mailed,
 * attached to a ticket or opened from a cluster's output directory with nothing beside it.
 */
public final class HtmlReport {
    private final StringBuilder body = new StringBuilder();
    private final String title;

    public HtmlReport(String title) {
        this.title = title;
    }

    public HtmlReport heading(String text) {
        body.append("<h2>").append(escape(text)).append("</h2>\n");
        return this;
    }

    public HtmlReport paragraph(String text) {
        body.append("<p>").append(escape(text)).append("</p>\n");
        return this;
    }

    /** A two-column table of names and values, in the map's order. */
    public HtmlReport keyValues(Map<String, ?> entries) {
        body.append("<table class=\"kv\">\n");
        entries.forEach((k, v) -> body.append("<tr><th>").append(escape(k)).append("</th><td>")
                .append(escape(String.valueOf(v))).append("</td></tr>\n"));
        body.append("</table>\n");
        return this;
    }

    /** A table with a header row. */
    public HtmlReport table(List<String> header, List<List<String>> rows) {
        body.append("<table>\n<tr>");
        header.forEach(h -> body.append("<th>").append(escape(h)).append("</th>"));
        body.append("</tr>\n");
        for (List<String> row : rows) {
            body.append("<tr>");
            row.forEach(cell -> body.append("<td>").append(escape(cell)).append("</td>"));
            body.append("</tr>\n");
        }
        body.append("</table>\n");
        return this;
    }

    /** A PNG embedded in the page, with a caption. */
    public HtmlReport picture(byte[] png, String caption) {
        body.append("<figure><img src=\"").append(Png.dataUri(png)).append("\" alt=\"").append(escape(caption))
                .append("\"><figcaption>").append(escape(caption)).append("</figcaption></figure>\n");
        return this;
    }

    public String html() {
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
