package org.seqlab.inspect.render;

import java.util.List;

/**
 * One self-contained HTML file (inline CSS and script, nothing fetched): heatmaps as coloured tables,
 * a token strip as coloured text, a line plot as inline SVG, a table as a table. Hovering a cell or a
 * token shows its labels and value. Attention maps have their own page, {@link HtmlAttention}.
 */
final class HtmlPage {

    static final String CSS = """
            body{font-family:'DejaVu Sans',Helvetica,Arial,sans-serif;margin:16px;color:#222;background:#fff}
            h1{font-size:18px;margin:0 0 8px} h2{font-size:15px;margin:12px 0 4px}
            .axes{color:#666;font-size:12px;margin-bottom:4px}
            .panels{display:flex;flex-wrap:wrap;gap:24px;align-items:flex-start}
            table.hm{border-collapse:collapse;font-family:'DejaVu Sans Mono',Menlo,Consolas,monospace;font-size:11px}
            table.hm td{min-width:16px;height:16px;padding:0 2px;text-align:right}
            table.hm td:hover{outline:2px solid #000}
            table.hm th{font-weight:normal;padding:0 3px;white-space:pre}
            table.hm thead th.up{writing-mode:vertical-rl;transform:rotate(180deg);text-align:left;vertical-align:bottom}
            table.hm tbody th{text-align:right}
            .legend{display:flex;align-items:center;gap:6px;font-size:11px;margin:6px 0}
            .bar{width:200px;height:12px;border:1px solid #999}
            .strip{font-family:'DejaVu Sans Mono',Menlo,Consolas,monospace;font-size:15px;line-height:1.7;max-width:960px}
            .strip span{padding:1px 0;white-space:pre}
            .strip.words span{padding:1px 3px;margin-right:4px}
            table.tbl{border-collapse:collapse;font-family:'DejaVu Sans Mono',Menlo,Consolas,monospace;font-size:13px}
            table.tbl th,table.tbl td{padding:2px 10px;border-bottom:1px solid #ddd;text-align:left}
            table.tbl td.num{text-align:right}
            #tip{position:fixed;display:none;background:#222;color:#fff;padding:3px 6px;border-radius:3px;
                 font:12px 'DejaVu Sans Mono',monospace;pointer-events:none;z-index:10;white-space:pre}
            """;

    /** Shows a tooltip for any element with data-tip, or for a heatmap cell from its row and column headers. */
    static final String TIP_SCRIPT = """
            const tip=document.getElementById('tip');
            function describe(el){
              if(el.dataset.tip){return el.dataset.tip;}
              const table=el.closest('table');const row=el.parentElement.cells[0].textContent;
              const col=table.tHead.rows[0].cells[el.cellIndex].textContent;
              return row+' \\u00d7 '+col+' = '+el.dataset.v;
            }
            document.addEventListener('mousemove',e=>{
              const el=e.target.closest('[data-v]');
              if(!el){tip.style.display='none';return;}
              tip.textContent=describe(el);tip.style.display='block';
              tip.style.left=(e.clientX+12)+'px';tip.style.top=(e.clientY+12)+'px';
            });
            """;

    private HtmlPage() {
    }

    static String of(Object picture, boolean values) {
        StringBuilder body = new StringBuilder();
        String title;
        if (picture instanceof Heatmap h) {
            title = h.title();
            heatmap(body, h, values, true);
        } else if (picture instanceof HeatmapGrid g) {
            title = g.title();
            body.append("<h1>").append(Xml.escape(g.title())).append("</h1>\n<div class=\"panels\">\n");
            for (Heatmap h : g.panels()) {
                body.append("<section>\n");
                heatmap(body, h, values, false);
                body.append("</section>\n");
            }
            body.append("</div>\n");
        } else if (picture instanceof TokenStrip s) {
            title = s.title();
            strip(body, s);
        } else if (picture instanceof LinePlot || picture instanceof ScatterPlot) {
            title = picture instanceof LinePlot p ? p.title() : ((ScatterPlot) picture).title();
            Figure f = Figure.of(picture, false);
            SvgCanvas c = new SvgCanvas(f.width(), f.height());
            f.draw(c, 0, 0);
            body.append(c.finish(false));
        } else if (picture instanceof Table t) {
            title = t.title();
            table(body, t);
        } else if (picture instanceof Stack st) {
            // each part as a figure, one under the other
            title = "seqlab";
            Figure f = Figure.of(st, values);
            SvgCanvas c = new SvgCanvas(f.width(), f.height());
            f.draw(c, 0, 0);
            body.append(c.finish(false));
        } else {
            throw new IllegalArgumentException("cannot write " + (picture == null ? "null" : picture.getClass().getName())
                    + " as HTML");
        }
        return document(title, body.toString(), TIP_SCRIPT);
    }

    static String document(String title, String body, String script) {
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>"
                + Xml.escape(title.isEmpty() ? "seqlab" : title) + "</title>\n<style>\n" + CSS + "</style>\n</head>\n<body>\n"
                + body + "<div id=\"tip\"></div>\n<script>\n" + script + "</script>\n</body>\n</html>\n";
    }

    /** A heatmap as a table: column labels upright when longer than 2 characters, cells coloured. */
    static void heatmap(StringBuilder sb, Heatmap h, boolean values, boolean main) {
        String tag = main ? "h1" : "h2";
        sb.append('<').append(tag).append('>').append(Xml.escape(h.title())).append("</").append(tag).append(">\n");
        if (!h.rowAxis().isEmpty() || !h.colAxis().isEmpty()) {
            sb.append("<div class=\"axes\">rows: ").append(Xml.escape(h.rowAxis())).append(" &nbsp; columns: ")
                    .append(Xml.escape(h.colAxis())).append("</div>\n");
        }
        int decimals = Numbers.decimals(h.scale());
        boolean upright = false;
        for (String l : h.colLabels()) {
            upright |= TokenLabels.width(TokenLabels.visible(l)) > 2;
        }
        sb.append("<table class=\"hm\">\n<thead><tr><th></th>");
        for (String l : h.colLabels()) {
            sb.append(upright ? "<th class=\"up\">" : "<th>").append(Xml.escape(TokenLabels.visible(l))).append("</th>");
        }
        sb.append("</tr></thead>\n<tbody>\n");
        for (int r = 0; r < h.rows(); r++) {
            sb.append("<tr><th>").append(Xml.escape(TokenLabels.visible(h.rowLabels().get(r)))).append("</th>");
            for (int c = 0; c < h.cols(); c++) {
                float v = h.values()[r][c];
                int rgb = h.scale().rgb(v);
                String num = Numbers.format(v, Math.max(decimals, 3));
                sb.append("<td style=\"background:").append(SeriesStyle.hex(rgb));
                String text = h.cellText() != null ? h.cellText()[r][c] : values ? Numbers.format(v, decimals) : "";
                if (!text.isEmpty()) {
                    sb.append(";color:").append(ColorRamp.isLight(rgb) ? "#000" : "#fff");
                }
                sb.append("\" data-v=\"").append(num).append("\">").append(Xml.escape(text)).append("</td>");
            }
            sb.append("</tr>\n");
        }
        sb.append("</tbody>\n</table>\n");
        legend(sb, h.scale());
    }

    static void legend(StringBuilder sb, Scale s) {
        StringBuilder gradient = new StringBuilder("linear-gradient(to right");
        for (int i = 0; i <= 10; i++) {
            gradient.append(',').append(SeriesStyle.hex(s.rgb(s.min() + (s.max() - s.min()) * i / 10f)));
        }
        gradient.append(')');
        int d = Numbers.decimals(s);
        sb.append("<div class=\"legend\"><span>").append(Numbers.format(s.min(), d))
                .append("</span><div class=\"bar\" style=\"background:").append(gradient).append("\"></div><span>")
                .append(Numbers.format(s.max(), d)).append("</span>")
                .append(s.kind() == Scale.Kind.DIVERGING ? "<span>(white = 0)</span>" : "").append("</div>\n");
    }

    private static void strip(StringBuilder sb, TokenStrip s) {
        sb.append("<h1>").append(Xml.escape(s.title())).append("</h1>\n");
        boolean joined = s.joined();
        sb.append(joined ? "<div class=\"strip\">" : "<div class=\"strip words\">");
        for (int i = 0; i < s.tokens().size(); i++) {
            String tok = s.tokens().get(i);
            String shown = joined && tok.equals(" ") ? " " : TokenLabels.visible(tok);
            float v = s.values()[i];
            int rgb = s.scale().rgb(v);
            String tipText = TokenLabels.visible(tok) + " = " + Numbers.format(v, 3);
            sb.append("<span style=\"background:").append(SeriesStyle.hex(rgb)).append(";color:")
                    .append(ColorRamp.isLight(rgb) ? "#000" : "#fff").append("\" data-v=\"").append(Numbers.format(v, 3))
                    .append("\" data-tip=\"").append(Xml.escape(tipText)).append("\">").append(Xml.escape(shown))
                    .append("</span>");
            if (tok.endsWith("\n")) {
                sb.append("<br>\n");
            }
        }
        sb.append("</div>\n");
        legend(sb, s.scale());
        if (!s.caption().isEmpty()) {
            sb.append("<p>").append(Xml.escape(s.caption())).append("</p>\n");
        }
    }

    private static void table(StringBuilder sb, Table t) {
        if (!t.title().isEmpty()) {
            sb.append("<h1>").append(Xml.escape(t.title())).append("</h1>\n");
        }
        sb.append("<table class=\"tbl\">\n<thead><tr>");
        for (String h : t.header()) {
            sb.append("<th>").append(Xml.escape(h)).append("</th>");
        }
        sb.append("</tr></thead>\n<tbody>\n");
        for (List<String> row : t.rows()) {
            sb.append("<tr>");
            for (int c = 0; c < row.size(); c++) {
                sb.append(t.numeric(c) ? "<td class=\"num\">" : "<td>").append(Xml.escape(row.get(c))).append("</td>");
            }
            sb.append("</tr>\n");
        }
        sb.append("</tbody>\n</table>\n");
        for (String f : t.footer()) {
            sb.append("<p>").append(Xml.escape(f)).append("</p>\n");
        }
    }
}
